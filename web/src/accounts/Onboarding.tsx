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
        text: t('Join a community of people with the same condition. You can choose a pseudonym there.'),
        href: '/',
        link: t('see the communities below'),
      },
      { text: t('Ask a clinician a question; the answer comes to your notifications.'), href: '/questions', link: t('ask a question') },
      { text: t('Set quiet hours so nothing reaches you at night.'), href: '/security', link: t('set quiet hours') },
      {
        text: t('Try a private self-check: only you see the result unless you share it.'),
        href: '/screening',
        link: t('start a self-check'),
      },
    ];
  const steps: Step[] = [];
  if (session.role === 'clinician')
    steps.push(
      { text: t('Fill in your provider profile so patients can find you.'), href: '/providers', link: t('edit your profile') },
      { text: t('Answer questions waiting for a clinician.'), href: '/questions', link: t('open the questions') },
    );
  if (can('publisher.approve'))
    steps.push({
      text: t('Connect your organization’s network accounts and schedule a first post.'),
      href: '/publisher/channels',
      link: t('connect accounts'),
    });
  if (can('content.moderate'))
    steps.push({ text: t('Review what was flagged for moderation.'), href: '/moderation', link: t('review flags') });
  if (can('archive.read'))
    steps.push({ text: t('Search the archive or set a legal hold.'), href: '/records', link: t('search the archive') });
  if (can('org.manage_members'))
    steps.push({ text: t('Invite your team or connect your identity provider.'), href: '/admin', link: t('invite your team') });
  steps.push(
    { text: t('Finish the required training before posting where patients read.'), href: '/learning', link: t('start training') },
    { text: t('Add a passkey or an authenticator app to your account.'), href: '/security', link: t('secure your account') },
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
