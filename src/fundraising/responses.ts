import { z } from 'zod';
import { FileDownload, Ok } from '../shared/responses.ts';

export const CampaignSchema = z.object({
  id: z.string(),
  title: z.string(),
  story: z.string(),
  goalCents: z.number(),
  currency: z.string(),
  /** The organization's own donation page: Harborline never handles card data. */
  donateUrl: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(['active', 'closed']),
  raisedCents: z.number(),
  pledges: z.number(),
  /** Donors who agreed to be thanked by name (while their consent is in force). */
  thanked: z.array(z.string()),
  updates: z.array(z.object({ id: z.string(), body: z.string(), createdAt: z.string() })),
  canManage: z.boolean(),
});

/** What each fundraising route answers. */
export const fundraisingResponses = {
  'GET /api/campaigns': { 200: z.object({ campaigns: z.array(CampaignSchema) }) },
  'POST /api/campaigns': { 201: z.object({ campaign: CampaignSchema }) },
  'GET /api/campaigns/:id': { 200: z.object({ campaign: CampaignSchema }) },
  'POST /api/campaigns/:id/updates': { 201: z.object({ campaign: CampaignSchema }) },
  'POST /api/campaigns/:id/pledges': { 201: z.object({ campaign: CampaignSchema }) },
  'GET /api/campaigns/:id/pledges.csv': { 200: FileDownload },
  'POST /api/campaigns/:id/close': { 200: Ok },
  'POST /api/campaigns/:id/announce': { 201: z.object({ postId: z.string() }) },
};
