// RELIABILITY.md promises what the fault matrix proves: its table must be the one the
// extension-host suite runs, row for row.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matrixTable } from '../ext/faultMatrix/table';

describe('RELIABILITY.md', () => {
  it('holds exactly the fault matrix the extension-host suite runs', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../RELIABILITY.md'), 'utf8');
    const found = /<!-- matrix:begin -->\n([\s\S]*?)\n<!-- matrix:end -->/.exec(doc);
    assert.ok(found, 'RELIABILITY.md lacks the matrix markers');
    assert.equal(found[1], matrixTable(), 'regenerate the table with: node out/test/ext/faultMatrix/table.js');
  });
});
