import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';

/**
 * What people write, rendered as Markdown: a maintained parser with raw HTML off (markup stays text),
 * no remote images (they would tell a third party who reads what), links that open apart and carry
 * rel="nofollow ugc noopener", and the output sanitized again before it reaches the page.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true }).disable(['image']);

// @[Name] mentions someone (the server notifies them); shown as a name, never as a link.
md.inline.ruler.before('link', 'mention', (state, silent) => {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x40 /* @ */ || state.src.charCodeAt(start + 1) !== 0x5b /* [ */) return false;
  const end = state.src.indexOf(']', start + 2);
  const label = end > 0 ? state.src.slice(start + 2, end) : '';
  if (label.length < 2 || label.length > 100 || label.includes('\n') || label.includes('[')) return false;
  if (!silent) state.push('mention', '', 0).content = label;
  state.pos = end + 1;
  return true;
});
md.renderer.rules.mention = (tokens, idx) => `<span class="mention">@${md.utils.escapeHtml(tokens[idx].content)}</span>`;

const LINK_REL = 'nofollow ugc noopener noreferrer';
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('rel', LINK_REL);
    node.setAttribute('target', '_blank');
  }
});

export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(md.render(text), { ADD_ATTR: ['target'], FORBID_TAGS: ['img', 'style', 'form', 'input'] });
}

/** A post, reply or message body as formatted text. */
export function Markdown({ text, className = '' }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className={`markdown ${className}`.trim()} dangerouslySetInnerHTML={{ __html: html }} />;
}
