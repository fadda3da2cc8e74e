export { startScheduler, type RecurringJob, type Scheduler, type SchedulerOptions } from './scheduler.ts';
