import { strict as assert } from 'node:assert';
import { plainText } from '../../src/vscode/plainText';

// What VS Code's notifications, input prompts and quick-input descriptions turn into
// links, and what its labels, status bar and quick picks turn into icons.
const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?\)/;

describe('plainText: server text in VS Code UI', () => {
  const hostile = [
    '[Fix my key](command:workbench.action.files.newUntitledFile)',
    '[Fix my key] (command:workbench.action.files.newUntitledFile)',
    'see [the docs](https://example.invalid/keys "title") or [file](file:///etc/passwd)',
    '$(alert) Key expired $(loading~spin) $(check)',
    '<https://example.invalid> and <command:workbench.action.quit>',
  ];

  for (const text of hostile) {
    it(`cannot render as a link or icon: ${text}`, () => {
      const out = plainText(text);
      assert.ok(!LINK.test(out), out);
      assert.ok(!ICON.test(out), out);
      assert.ok(!/<(?:https?|command):/i.test(out), out);
      assert.equal(out.replace(/\u2060/g, ''), text, 'reads exactly as written');
    });
  }

  it('puts the text on one line and drops direction overrides', () => {
    assert.equal(plainText('line one\nline two\r\n\tend'), 'line one line two end');
    assert.equal(plainText('abc\u202edcba\u202c ok'), 'abcdcba ok');
  });

  it('cuts a long name to the room given', () => {
    const out = plainText('m'.repeat(100), 40);
    assert.equal(out.length, 40);
    assert.ok(out.endsWith('…'));
  });

  it('leaves ordinary text alone', () => {
    const text = 'HTTP 401 Unauthorized: Incorrect API key provided: *** — check the API key (see https://platform.example/keys)';
    assert.equal(plainText(text), text);
  });
});
