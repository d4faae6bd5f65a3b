/** True for a canonical UUID string; ids that do not parse are simply not found. */
export { isUuid } from '../../../adapters/kernel/ids.ts';
