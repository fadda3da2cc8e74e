import { useEffect, useRef, useState, type ReactElement } from 'react';
import { api, type Finding } from './api.ts';

/** Text with the PHI findings marked; React escapes everything, so hostile markup stays inert. */
export function Highlighted({ text, findings }: { text: string; findings: Finding[] }) {
  const parts: ReactElement[] = [];
  let pos = 0;
  findings.forEach((f, i) => {
    if (f.start < pos) return;
    parts.push(<span key={`t${i}`}>{text.slice(pos, f.start)}</span>);
    parts.push(<mark key={`m${i}`} title={f.label} data-category={f.category}>{text.slice(f.start, f.end)}</mark>);
    pos = f.end;
  });
  parts.push(<span key="rest">{text.slice(pos)}</span>);
  return <>{parts}</>;
}

/** Scans the text as it is typed (debounced) for where it will go; the guard decides again on submit. */
export function usePhiScan(text: string, destination: string) {
  const [findings, setFindings] = useState<Finding[]>([]);
  const [verdict, setVerdict] = useState('allow');
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    if (!text.trim()) {
      setFindings([]);
      setVerdict('allow');
      return;
    }
    const t = setTimeout(() => {
      api<{ findings: Finding[]; decision: { verdict: string } }>('POST', '/api/phi/scan', { text, destination })
        .then((r) => {
          if (mine !== seq.current) return;
          setFindings(r.findings);
          setVerdict(r.decision.verdict);
        })
        .catch(() => undefined);
    }, 250);
    return () => clearTimeout(t);
  }, [text, destination]);
  return { findings, verdict, clear: () => setFindings([]) };
}

/** What the live scan found, with the text highlighted. */
export function PhiStatus({ id, text, findings, verdict }: { id: string; text: string; findings: Finding[]; verdict: string }) {
  return (
    <div id={id} aria-live="polite" className={findings.length ? 'phi-warning' : 'phi-ok'}>
      {findings.length === 0 ? (
        text.trim() ? 'No identifiers found.' : ''
      ) : (
        <>
          <strong>{findings.length} possible identifier{findings.length > 1 ? 's' : ''}</strong>{' '}
          ({[...new Set(findings.map((f) => f.label))].join(', ')}){verdict === 'block' ? ' — this cannot be posted here.' : verdict === 'needs_consent' ? ' — needs the consent of each person it identifies.' : ''}
          <p className="preview" data-testid="phi-preview"><Highlighted text={text} findings={findings} /></p>
        </>
      )}
    </div>
  );
}
