export { REFUSED_RANGES, invalidRanges, judgeAddress } from './addresses.ts';
export {
  OutboundRefusedError,
  checkDestination,
  createOutboundFetch,
  readText,
  type OutboundFetch,
  type OutboundInit,
  type OutboundPolicy,
} from './fetch.ts';
