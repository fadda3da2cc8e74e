import { useEffect, type RefObject } from 'react';

/**
 * On a phone each table row becomes a card (styles.css): every cell needs its column's name beside it, so
 * cells are labelled from their table's header row — for every table on the page, whoever rendered it.
 */
function labelCells(root: HTMLElement): void {
  for (const table of root.querySelectorAll('table:not(.calendar)')) {
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => {
        const label = headers[i];
        if (label && cell.getAttribute('data-label') !== label) cell.setAttribute('data-label', label);
      });
    }
  }
}

/** Keeps the labels up to date as pages render and re-render (at most once per frame). */
export function useCardTables(root: RefObject<HTMLElement | null>, active: boolean): void {
  useEffect(() => {
    const el = root.current;
    if (!active || !el) return;
    let frame = 0;
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), labelCells(el)));
    };
    labelCells(el);
    const observer = new MutationObserver(schedule);
    observer.observe(el, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [root, active]);
}
