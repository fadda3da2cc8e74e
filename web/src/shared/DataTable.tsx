import type { ReactNode } from 'react';
import { t } from '../i18n/index.ts';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** What a list shows when it has nothing yet: says so, and what would make something appear. */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="empty muted" role="note">
      {children}
    </p>
  );
}

/**
 * A table of rows, or its empty state when there are none. It scrolls sideways inside its own box, so a
 * wide table never widens the page on a phone.
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  empty,
  label,
}: {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string | number;
  empty: ReactNode;
  label?: string;
}) {
  if (rows.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header || 'actions'}>{c.header || <span className="visually-hidden">{t('Actions')}</span>}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header || 'actions'} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
