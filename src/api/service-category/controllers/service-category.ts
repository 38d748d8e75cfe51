import { catalogController } from '../../../catalog/controller';
import { categoryShape } from '../../service/shapes';

// Front ends render the category tree: neighbours in the tree and the icon picture come along.
export default catalogController('api::service-category.service-category', { list: categoryShape, detail: categoryShape });
