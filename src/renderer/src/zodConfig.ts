// Must be imported before anything parses with zod. Under the renderer's CSP (no 'unsafe-eval') zod's
// JIT probe `new Function('')` fails anyway, but the browser still reports a CSP violation for it;
// jitless mode skips the probe and uses the interpreter straight away.
import { z } from 'zod';

z.config({ jitless: true });
