export { loadConfig, ConfigError, type Config } from './env.ts';
