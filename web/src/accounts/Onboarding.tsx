import { useState } from 'react';
import { api, type Session } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { t } from '../i18n/index.ts';

type Step = { text: string; href: string; link: string };

/** What a person of each role does first here, in their words. */
function stepsFor(session: Session): Step[] {
  const can = (a: Session['can'][number]) => session.can.includes(a);
  if (session.role === 'patient')
    return [
      {
        text: 'Join a community of people with the same condition. You can choose a pseudonym there.',
        href: '/',
        link: 'see the communities below',
      },
      { text: 'Ask a clinician a question; the answer comes to your notifications.', href: '/questions', link: 'ask a question' },
      { text: 'Set quiet hours so nothing reaches you at night.', href: '/security', link: 'set quiet hours' },
      { text: 'Try a private self-check: only you see the result unless you share it.', href: '/screening', link: 'start a self-check' },
    ];
  const steps: Step[] = [];
  if (session.role === 'clinician')
    steps.push(
      { text: 'Fill in your provider profile so patients can find you.', href: '/providers', link: 'edit your profile' },
      { text: 'Answer questions waiting for a clinician.', href: '/questions', link: 'open the questions' },
    );
  if (can('publisher.approve'))
    steps.push({
      text: 'Connect your organization’s network accounts and schedule a first post.',
      href: '/publisher/channels',
      link: 'connect accounts',
    });
  if (can('content.moderate')) steps.push({ text: 'Review what was flagged for moderation.', href: '/moderation', link: 'review flags' });
  if (can('archive.read')) steps.push({ text: 'Search the archive or set a legal hold.', href: '/records', link: 'search the archive' });
  if (can('org.manage_members'))
    steps.push({ text: 'Invite your team or connect your identity provider.', href: '/admin', link: 'invite your team' });
  steps.push(
    { text: 'Finish the required training before posting where patients read.', href: '/learning', link: 'start training' },
    { text: 'Add a passkey or an authenticator app to your account.', href: '/security', link: 'secure your account' },
  );
  return steps;
}

/** A first-visit guide on the home page, per role, until the person says they are done (remembered on every device). */
export function Onboarding({ session }: { session: Session }) {
  const [hidden, setHidden] = useState(session.onboarded);
  if (hidden) return null;
  const done = () => {
    setHidden(true);
    void api('POST', '/api/me/onboarded').catch(() => undefined);
  };
  return (
    <section className="card onboarding" aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">{t('Getting started')}</h2>
      <ol>
        {stepsFor(session).map((s) => (
          <li key={s.text}>
            {t(s.text)}{' '}
            <a
              href={s.href}
              onClick={(e) => {
                e.preventDefault();
                navigate(s.href);
              }}
            >
              {t(s.link)}
            </a>
          </li>
        ))}
      </ol>
      <button type="button" onClick={done}>
        {t('Got it, hide this')}
      </button>
    </section>
  );
}
