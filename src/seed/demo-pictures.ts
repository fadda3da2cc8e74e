import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Actor } from '../access/policy.ts';
import { createPost } from '../community/service.ts';
import type { AppContext } from '../http/context.ts';
import { receiveUpload, settled, updateMedia } from '../media/index.ts';

/**
 * A post with a picture in the demo: the diabetes team's plate guide, uploaded, checked and described
 * through the same path as a user's picture (so a fresh install shows what sharing a picture looks like).
 */
export async function seedDemoPictures(ctx: AppContext, comms: Actor, communityId: string): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <rect width="100%" height="100%" fill="#f4f8fb"/>
    <circle cx="420" cy="430" r="300" fill="#ffffff" stroke="#c8d3dc" stroke-width="8"/>
    <path d="M420 430 L420 130 A300 300 0 0 1 720 430 Z" fill="#8bc34a"/>
    <path d="M420 430 L720 430 A300 300 0 0 1 420 730 Z" fill="#ffb74d"/>
    <path d="M420 430 L420 730 A300 300 0 0 1 120 430 A300 300 0 0 1 420 130 Z" fill="#4fc3f7"/>
    <text x="780" y="220" font-size="48" font-family="DejaVu Sans" font-weight="bold" fill="#12355b">The plate method</text>
    <text x="780" y="320" font-size="36" font-family="DejaVu Sans" fill="#12355b">Half: vegetables</text>
    <text x="780" y="390" font-size="36" font-family="DejaVu Sans" fill="#12355b">Quarter: protein</text>
    <text x="780" y="460" font-size="36" font-family="DejaVu Sans" fill="#12355b">Quarter: carbohydrates</text>
  </svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const media = await receiveUpload(ctx, comms, Readable.from([png]), { fileName: 'plate-method.png', declaredBytes: png.length });
  await settled(ctx);
  await updateMedia(ctx, comms, media.id, {
    altText: 'A dinner plate: half vegetables, a quarter protein and a quarter carbohydrates, with the same words beside it.',
  });
  await createPost(ctx.db, comms, communityId, {
    title: 'The plate method, in one picture',
    body: 'Save this guide for your next meal: half the plate vegetables, a quarter protein, a quarter carbohydrates.',
    kind: 'education',
    visibility: 'members',
    contentWarning: null,
    anonymous: false,
    consentId: null,
    confirmPhi: false,
    mediaIds: [media.id],
  });
}
