import { catalogController } from '../../../catalog/controller';
import { serviceCard, serviceDetail } from '../shapes';

// Lists answer with cards, one service with its whole page (see ../shapes.ts and ../schemas.ts).
export default catalogController('api::service.service', { list: serviceCard, detail: serviceDetail });
