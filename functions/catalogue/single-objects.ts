/**
 * `data` of the v2 events about one object: `{ account, user, <object>: id }` (docs/argyle-protocol.md §6.3,
 * §6.5). The id of the object is under its singular name, e.g. `identity`, `payroll_document`, `user_upload`.
 */
import * as z from 'zod/mini';
import { accountAndUser, id } from './fields.js';

export const identityData = z.lazy(() => z.looseObject({ ...accountAndUser, identity: id }));
export const payrollDocumentData = z.lazy(() => z.looseObject({ ...accountAndUser, payroll_document: id }));
export const depositDestinationData = z.lazy(() =>
  z.looseObject({ ...accountAndUser, deposit_destination: id }),
);
export const vehicleData = z.lazy(() => z.looseObject({ ...accountAndUser, vehicle: id }));
export const ratingData = z.lazy(() => z.looseObject({ ...accountAndUser, rating: id }));
export const userFormData = z.lazy(() => z.looseObject({ ...accountAndUser, user_form: id }));
export const userUploadData = z.lazy(() => z.looseObject({ ...accountAndUser, user_upload: id }));
