export { attributeFindings, isStaffAuthor, type Author } from './attribute.ts';
export { compileProfile, orgProfileSchema, type CompiledProfile, type OrgProfile, type OrgProfileInput } from './profile.ts';
export { checkInContext, decideForAuthor, type ContextCheck } from './check.ts';
export { checkLine, codePointOffsets, evaluatePosts, postLineSchema, type PostLine, type PostsReport } from './evaluate-posts.ts';
