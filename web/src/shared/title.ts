/** The window title names the page first (what a screen reader announces and a tab shows), then the product. */
export function setPageTitle(...names: string[]): void {
  document.title = [...names.filter(Boolean), 'Harborline'].join(' · ');
}
