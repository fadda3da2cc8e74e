import { useEffect, useId, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import { api } from '../api/client.ts';
import { t } from '../i18n/index.ts';

type Person = { label: string; staff: boolean };

/** The "@name" being typed just before the caret, if any. */
function typedMention(text: string, caret: number): { start: number; query: string } | null {
  const m = /@\[?([^\]\n@[]{1,40})$/.exec(text.slice(0, caret));
  if (!m || (m.index > 0 && /\w/.test(text[m.index - 1]))) return null;
  return { start: m.index, query: m[1] };
}

/**
 * A textarea that completes @mentions from the community's members (by the name others see). Arrow keys
 * choose, Enter or Tab inserts `@[Name]`, Escape closes; the choices are announced to screen readers.
 */
export function MentionTextarea({
  communityId,
  value,
  onValue,
  ...rest
}: { communityId: string | null; value: string; onValue: (v: string) => void } & Omit<
  TextareaHTMLAttributes<HTMLTextAreaElement>,
  'value' | 'onChange'
>) {
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [active, setActive] = useState(0);
  const [typed, setTyped] = useState<{ start: number; query: string } | null>(null);
  useEffect(() => {
    if (!communityId || !typed) return setPeople([]);
    const t = setTimeout(() => {
      api<{ people: Person[] }>('GET', `/api/communities/${communityId}/mentionable?q=${encodeURIComponent(typed.query)}`)
        .then((r) => {
          setPeople(r.people);
          setActive(0);
        })
        .catch(() => setPeople([]));
    }, 150);
    return () => clearTimeout(t);
  }, [communityId, typed]);
  const choose = (p: Person) => {
    if (!typed) return;
    const caret = area.current?.selectionStart ?? value.length;
    const inserted = `@[${p.label}] `;
    onValue(value.slice(0, typed.start) + inserted + value.slice(caret));
    setTyped(null);
    setPeople([]);
    requestAnimationFrame(() => {
      const at = typed.start + inserted.length;
      area.current?.setSelectionRange(at, at);
      area.current?.focus();
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (people.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : people.length - 1)) % people.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      choose(people[active]);
    } else if (e.key === 'Escape') {
      setPeople([]);
      setTyped(null);
    }
  };
  return (
    <div className="mention-box">
      <textarea
        {...rest}
        ref={area}
        value={value}
        aria-controls={people.length ? listId : undefined}
        aria-activedescendant={people.length ? `${listId}-${active}` : undefined}
        onKeyDown={onKeyDown}
        onChange={(e) => {
          onValue(e.target.value);
          setTyped(typedMention(e.target.value, e.target.selectionStart));
        }}
      />
      <p className="visually-hidden" aria-live="polite">
        {people.length ? t('{{count}} to mention: use the arrow keys and Enter.', { count: people.length }) : ''}
      </p>
      {people.length > 0 && (
        <ul id={listId} role="listbox" aria-label={t('People to mention')} className="mention-list">
          {people.map((p, i) => (
            <li
              key={p.label}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(p);
              }}
            >
              @{p.label}
              {p.staff ? <span className="muted"> · {t('staff')}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
