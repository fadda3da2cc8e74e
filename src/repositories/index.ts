export * from './organization-settings.ts';
export * from './members.ts';
export * from './users.ts';
export * from './identity.ts';
