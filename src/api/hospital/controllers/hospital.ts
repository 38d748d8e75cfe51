import { controllerWithDefaultPopulate } from '../../../utils/default-populate';

export default controllerWithDefaultPopulate('api::hospital.hospital', { city: { fields: ['code', 'name'] }, departments: true });
