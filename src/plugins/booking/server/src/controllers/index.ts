import health from './health';
import account from './account';
import patients from './patients';

export default { health, account, patients };
