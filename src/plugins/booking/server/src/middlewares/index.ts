import dbOutage from './db-outage';
import errorCodes from './error-codes';
import observability from './observability';
import validate from './validate';

export default { 'db-outage': dbOutage, 'error-codes': errorCodes, observability, validate };
