import { z } from 'zod';
import { zhCN } from 'zod/v4/locales';

// Validation messages the clerk may see are Chinese wherever a schema gives no message of its own.
z.config(zhCN());
