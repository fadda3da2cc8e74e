import { z } from 'zod';
import { Ok } from '../shared/responses.ts';

export const EventSchema = z.object({
  id: z.string(),
  communityId: z.string(),
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  /** The time zone it was planned in (times are shown in it). */
  timeZone: z.string(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  /** How many can come (null: no limit). */
  capacity: z.number().nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  going: z.number(),
  waitlist: z.number(),
  attended: z.number(),
  /** The caller's reply, and their place on the waitlist. */
  mine: z.enum(['going', 'waitlist']).nullable(),
  waitlistPosition: z.number().nullable(),
  /** The caller may take attendance, cancel and announce it. */
  canOrganize: z.boolean(),
});

/** What each event route answers. */
export const eventResponses = {
  'POST /api/communities/:id/events': { 201: z.object({ event: EventSchema }) },
  'GET /api/communities/:id/events': { 200: z.object({ events: z.array(EventSchema) }) },
  'GET /api/events/:id': { 200: z.object({ event: EventSchema }) },
  'POST /api/events/:id/rsvp': { 201: z.object({ event: EventSchema }) },
  'DELETE /api/events/:id/rsvp': { 200: z.object({ event: EventSchema }) },
  'GET /api/events/:id/attendees': {
    200: z.object({
      attendees: z.array(z.object({ id: z.string(), name: z.string(), status: z.enum(['going', 'waitlist']), attended: z.boolean() })),
    }),
  },
  'PUT /api/events/:id/attendance': { 200: Ok },
  'POST /api/events/:id/cancel': { 200: Ok },
  'POST /api/events/:id/announce': { 201: z.object({ postId: z.string() }) },
  'GET /api/communities/:id/calendar': { 200: z.object({ feedUrl: z.string() }) },
};
