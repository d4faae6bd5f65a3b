/** True for a canonical UUID string; ids that do not parse are simply not found. */
export { isUuid } from '../../../contract/ids.ts';
