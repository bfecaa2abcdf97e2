/** The serving config's fields as search-spec rules (a spec with "mode": "serve"), read off its schema. */
import { fieldRules } from '../contract/config-fields.js';
import { serveConfigSchema } from '../contract/serve-config.js';

export const SERVE_CONFIG_FIELDS = fieldRules(serveConfigSchema);
