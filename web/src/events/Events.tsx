import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Res, type Session } from '../api/client.ts';
import { navigate } from '../app/router.ts';
import { ErrorNote } from '../shared/ErrorNote.tsx';
import { locale, t } from '../i18n/index.ts';

type Event = Res<'GET /api/events/{id}'>['event'];

/** An event's time as the organizer planned it (its own time zone), and in the reader's when they differ. */
function when(e: Event): string {
  // dateStyle cannot be combined with timeZoneName: the parts are named one by one.
  const opts: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  };
  const there = new Date(e.startsAt).toLocaleString(locale(), { ...opts, timeZone: e.timeZone, timeZoneName: 'short' });
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return here === e.timeZone
    ? there
    : t('{{there}} ({{value}} your time)', {
        there,
        value: new Date(e.startsAt).toLocaleString(locale(), { ...opts, timeZoneName: 'short' }),
      });
}

function EventCard({ event: e, onChange }: { event: Event; onChange: () => Promise<void> }) {
  const [error, setError] = useState<unknown>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await onChange();
    } catch (err) {
      setError(err);
    }
  };
  const full = e.capacity !== null && e.going >= e.capacity;
  return (
    <article className="event-card" aria-label={e.title}>
      <h3>
        <a
          href={`/events/${e.id}`}
          onClick={(ev) => {
            ev.preventDefault();
            navigate(`/events/${e.id}`);
          }}
        >
          {e.title}
        </a>
        {e.status === 'cancelled' && <span className="badge"> {t('Cancelled')}</span>}
      </h3>
      <p>{when(e)}</p>
      <p>
        {e.place}
        {e.place && e.onlineUrl ? ' · ' : ''}
        {e.onlineUrl && (
          <a href={e.onlineUrl} rel="noopener noreferrer" target="_blank">
            {t('Join online')}
          </a>
        )}
      </p>
      {e.description && <p>{e.description}</p>}
      <p className="muted">
        {e.going} going{e.capacity !== null ? t(' of {{capacity}}', { capacity: e.capacity }) : ''}
        {e.waitlist ? t(', {{waitlist}} on the waitlist', { waitlist: e.waitlist }) : ''}
      </p>
      {e.status === 'scheduled' && (
        <div className="row">
          {e.mine === null ? (
            <button type="button" onClick={() => void act(() => api('POST', `/api/events/${e.id}/rsvp`))}>
              {full ? t('Join the waitlist') : t('I’m going')}
            </button>
          ) : (
            <>
              <p role="status">
                {e.mine === 'going'
                  ? t('You are going.')
                  : t('You are number {{waitlistPosition}} on the waitlist.', { waitlistPosition: e.waitlistPosition ?? '' })}
              </p>
              <button type="button" onClick={() => void act(() => api('DELETE', `/api/events/${e.id}/rsvp`))}>
                {e.mine === 'going' ? t('I can’t go') : t('Leave the waitlist')}
              </button>
            </>
          )}
          <a className="button" href={`/api/events/${e.id}/ics`} download>
            {t('Add to calendar')}
          </a>
        </div>
      )}
      <ErrorNote error={error} />
    </article>
  );
}

/** A community's events: upcoming ones, a reply for each, a calendar feed, and (for organizers) a form to plan one. */
export function CommunityEvents({ communityId, session }: { communityId: string; session: Session }) {
  const [events, setEvents] = useState<Event[]>([]);
  const [feed, setFeed] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const load = useCallback(async () => {
    setEvents((await api<{ events: Event[] }>('GET', `/api/communities/${communityId}/events`)).events);
  }, [communityId]);
  useEffect(() => {
    load().catch(() => setEvents([]));
  }, [load]);
  const organizer = ['communications', 'admin'].includes(session.role);
  return (
    <section aria-labelledby="events-heading" className="events">
      <h2 id="events-heading">{t('Events')}</h2>
      {events.length === 0 && <p className="muted">{t('No events planned yet.')}</p>}
      {events.map((e) => (
        <EventCard key={e.id} event={e} onChange={load} />
      ))}
      <p>
        <button
          type="button"
          onClick={() => void api<{ feedUrl: string }>('GET', `/api/communities/${communityId}/calendar`).then((r) => setFeed(r.feedUrl))}
        >
          {t('Subscribe in my calendar app')}
        </button>
      </p>
      {feed && (
        <p>
          {t('Add this address to your calendar app as a subscription (it is yours alone; it stops working if you lose access):')}{' '}
          <input readOnly value={feed} aria-label={t('Your calendar feed address')} onFocus={(ev) => ev.target.select()} />
        </p>
      )}
      {organizer &&
        (planning ? (
          <NewEvent
            communityId={communityId}
            onDone={async () => {
              setPlanning(false);
              await load();
            }}
          />
        ) : (
          <button type="button" onClick={() => setPlanning(true)}>
            {t('Plan an event')}
          </button>
        ))}
    </section>
  );
}

function NewEvent({ communityId, onDone }: { communityId: string; onDone: () => Promise<void> }) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [f, setF] = useState({
    title: '',
    description: '',
    date: '',
    start: '18:00',
    end: '19:00',
    place: '',
    onlineUrl: '',
    capacity: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/api/communities/${communityId}/events`, {
        title: f.title,
        description: f.description,
        startsAt: new Date(`${f.date}T${f.start}`).toISOString(),
        endsAt: new Date(`${f.date}T${f.end}`).toISOString(),
        timeZone: zone,
        place: f.place || null,
        onlineUrl: f.onlineUrl || null,
        capacity: f.capacity ? Number(f.capacity) : null,
        confirmPhi: confirm,
      });
      setF({ ...f, title: '', description: '', place: '', onlineUrl: '', capacity: '' });
      setConfirm(false);
      await onDone();
    } catch (err) {
      if (err instanceof ApiError && err.id === 'phi_confirmation_required') setConfirm(true);
      setError(err);
    }
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('Plan an event')}>
      <h3>{t('Plan an event')}</h3>
      <label>
        {t('Title')}
        <input value={f.title} onChange={set('title')} required minLength={3} maxLength={200} />
      </label>
      <label>
        {t('Description')}
        <textarea value={f.description} onChange={set('description')} rows={3} maxLength={5000} />
      </label>
      <label>
        {t('Date')}
        <input type="date" value={f.date} onChange={set('date')} required />
      </label>
      <label>
        {t('Starts ({{zone}})', { zone })}
        <input type="time" value={f.start} onChange={set('start')} required />
      </label>
      <label>
        {t('Ends')}
        <input type="time" value={f.end} onChange={set('end')} required />
      </label>
      <label>
        {t('Place')}
        <input value={f.place} onChange={set('place')} maxLength={300} />
      </label>
      <label>
        {t('Online link (https)')}
        <input type="url" value={f.onlineUrl} onChange={set('onlineUrl')} maxLength={500} />
      </label>
      <label>
        {t('Places (leave empty for no limit)')}
        <input type="number" min={1} value={f.capacity} onChange={set('capacity')} />
      </label>
      <ErrorNote error={error} />
      <button type="submit">{confirm ? t('Confirm and plan it') : t('Plan event')}</button>
    </form>
  );
}

/** One event (notifications link here), with the organizer's attendance list. */
export function EventPage({ id }: { id: string; session: Session }) {
  const [event, setEvent] = useState<Event | null>(null);
  const [attendees, setAttendees] = useState<Res<'GET /api/events/{id}/attendees'>['attendees']>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const e = (await api<{ event: Event }>('GET', `/api/events/${id}`)).event;
    setEvent(e);
    if (e.canOrganize) setAttendees((await api<Res<'GET /api/events/{id}/attendees'>>('GET', `/api/events/${id}/attendees`)).attendees);
  }, [id]);
  useEffect(() => {
    load().catch(setError);
  }, [load]);
  if (error) return <ErrorNote error={error} />;
  if (!event) return <p className="loading">{t('Loading…')}</p>;
  return (
    <section className="events">
      <EventCard event={event} onChange={load} />
      {event.canOrganize && (
        <>
          <h2>{t('Who is coming')}</h2>
          {attendees.length === 0 && <p className="muted">{t('No replies yet.')}</p>}
          <ul>
            {attendees.map((a) => (
              <li key={a.id}>
                {a.status === 'going' ? (
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={a.attended}
                      onChange={(e) =>
                        void api('PUT', `/api/events/${id}/attendance`, { userId: a.id, attended: e.target.checked })
                          .then(load)
                          .catch(setError)
                      }
                    />{' '}
                    {a.name} came
                  </label>
                ) : (
                  t('{{name}} (waitlist)', { name: a.name })
                )}
              </li>
            ))}
          </ul>
          {event.status === 'scheduled' && (
            <button
              type="button"
              onClick={() => {
                if (window.confirm(t('Cancel "{{title}}"? Everyone who replied is told.', { title: event.title })))
                  void api('POST', `/api/events/${id}/cancel`).then(load).catch(setError);
              }}
            >
              {t('Cancel the event')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
