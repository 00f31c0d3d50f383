import { describe, expect, it } from 'vitest';
import { type PyValue, parsePyLiteral, pyRepr, pyStrRepr } from '../../../src/core/formats/pyliteral.js';
import { ArrayscopeError } from '../../../src/shared/errors.js';
import { hasNumpy, NO_NUMPY_REASON, pythonJson } from '../../helpers/python.js';

/** JSON view of a parsed value, matching `toJson` in the Python snippet below. */
function toJson(v: PyValue): unknown {
  switch (v.type) {
    case 'str':
      return v.value;
    case 'int':
      return { int: v.value.toString() };
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'tuple':
      return { tuple: v.items.map(toJson) };
    case 'list':
      return v.items.map(toJson);
    case 'dict': {
      // A Python dict keeps a repeated key at its first position with its last value.
      const byKey = new Map<string, [unknown, unknown]>();
      for (const [k, x] of v.entries) byKey.set(JSON.stringify(toJson(k)), [toJson(k), toJson(x)]);
      return { dict: [...byKey.values()] };
    }
  }
}

const ACCEPTED = [
  "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }          \n",
  "{'descr': '<i4',\n 'fortran_order': False,\n 'shape': (2, 3)}",
  '{"shape": (4,), "descr": "<u2", "fortran_order": True}',
  "{'descr': [('a', '<i4',), (('t', 'b'), '<f8', (2, 3)),], 'shape': (), 'fortran_order': False,}",
  "  \t{ 'a' : [ ] , 'b' : ( ) , 'c' : ( 1 ) , 'd' : ( ( 1 , ) ) }",
  "{'x': None, 'y': True, 'z': -5, 'w': + 7, 'v': - 0x1F, 'u': 0o17, 't': 0b101, 's': 1_000_000, 'r': 00}",
  "{'big': 123456789012345678901234567890}",
  "['tab\\there', 'q\\'s', \"d\\\"q\", 'nl\\n', '\\x41\\101\\u00e9\\U0001F600', 'keep\\d', 'a\\\\b']",
  "[u'unicode', r'raw\\d\\'', U'x', R\"y\"]",
  "['con' 'cat' \"enated\", '''triple ' quoted''', \"\"\"two\nlines\"\"\"]",
  "{'a': 1, # a comment\n 'b': 2}",
  "{'a': 1, \\\n 'b': 2}",
  "{'dup': 1, 'dup': 2}",
  "'é and α and 😀'",
];

const REJECTED = [
  "{'descr': __import__('os').system('touch /tmp/x'), 'fortran_order': False, 'shape': (3,)}",
  "{'descr': `${require('fs').writeFileSync('/tmp/x', '')}`}",
  "{'descr': '<f8', 'fortran_order': eval(\"1\"), 'shape': (3,)}",
  "{'descr': '<f8', 'shape': (1.5,)}",
  "{'shape': (1e3,)}",
  "{'shape': (3j,)}",
  "{'descr': b'<f8'}",
  "{'descr': f'<f8'}",
  "{'descr': '<f' + '8'}",
  '{1, 2}',
  '[1 2]',
  "{'a' 1}",
  "{'a': 1",
  "'unterminated",
  "'new\nline'",
  "{'a': 1} extra",
  "{'a': 1}}",
  'lambda: 0',
  'True()',
  'os.system',
  "x['a']",
  'not True',
  '--1',
  '01',
  '1__0',
  "'\\N{BULLET}'",
  "'\\x4'",
  '',
  '$',
  '{**{}}',
  '[*[]]',
];

describe('parsePyLiteral', () => {
  it('reads what numpy writes', () => {
    const v = parsePyLiteral(ACCEPTED[0]!);
    expect(toJson(v)).toEqual({
      dict: [
        ['descr', '<f8'],
        ['fortran_order', false],
        ['shape', { tuple: [{ int: '3' }, { int: '4' }] }],
      ],
    });
  });

  it('treats (x) as x and only a comma makes a tuple', () => {
    expect(toJson(parsePyLiteral('(5)'))).toEqual({ int: '5' });
    expect(toJson(parsePyLiteral('(5,)'))).toEqual({ tuple: [{ int: '5' }] });
    expect(toJson(parsePyLiteral('()'))).toEqual({ tuple: [] });
    expect(toJson(parsePyLiteral('((5,))'))).toEqual({ tuple: [{ int: '5' }] });
  });

  it.each(REJECTED)('refuses %j with bad-header', (text) => {
    let caught: unknown;
    try {
      parsePyLiteral(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ArrayscopeError);
    expect((caught as ArrayscopeError).kind).toBe('bad-header');
  });

  it("accepts Python 2's L suffix only when asked (format 1.0/2.0)", () => {
    expect(toJson(parsePyLiteral('(2L, 3L)', { allowLongSuffix: true }))).toEqual({ tuple: [{ int: '2' }, { int: '3' }] });
    expect(() => parsePyLiteral('(2L, 3L)')).toThrow(ArrayscopeError);
  });

  it('refuses pathological nesting without overflowing the stack', () => {
    expect(() => parsePyLiteral('['.repeat(100_000) + ']'.repeat(100_000))).toThrow(/nesting deeper/);
    expect(() => parsePyLiteral('('.repeat(100_000))).toThrow(/nesting deeper/);
  });

  it('parses a 1 MB header in linear time', () => {
    const fields = Array.from({ length: 20_000 }, (_, i) => `('field_${i}', '<f8')`).join(', ');
    const t0 = performance.now();
    const v = parsePyLiteral(`{'descr': [${fields}], 'fortran_order': False, 'shape': (1,), }`);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(v.type === 'dict' && v.entries[0]![1].type === 'list' && v.entries[0]![1].items.length).toBe(20_000);
  });
});

describe.skipIf(!hasNumpy)(`against Python's ast.literal_eval and repr (${hasNumpy ? 'python present' : NO_NUMPY_REASON})`, () => {
  const pyToJson = `
import ast
def toJson(v):
    if isinstance(v, bool) or v is None or isinstance(v, str): return v
    if isinstance(v, int): return {'int': str(v)}
    if isinstance(v, tuple): return {'tuple': [toJson(x) for x in v]}
    if isinstance(v, list): return [toJson(x) for x in v]
    if isinstance(v, dict): return {'dict': [[toJson(k), toJson(x)] for k, x in v.items()]}
    raise TypeError(type(v))
`;

  it('parses every accepted literal to the same value as ast.literal_eval', () => {
    const expected = pythonJson<unknown[]>(
      `${pyToJson}\nprint(json.dumps([toJson(ast.literal_eval(s)) for s in json.loads(sys.argv[1])]))`,
      [JSON.stringify(ACCEPTED)],
    );
    expect(ACCEPTED.map((s) => toJson(parsePyLiteral(s)))).toEqual(expected);
  });

  it('refuses only what ast.literal_eval refuses too (bar the L suffix it never sees)', () => {
    const accepted = pythonJson<boolean[]>(
      `import ast
out = []
for s in json.loads(sys.argv[1]):
    try:
        ast.literal_eval(s); out.append(True)
    except Exception:
        out.append(False)
print(json.dumps(out))`,
      [JSON.stringify(REJECTED)],
    );
    // Python accepts a few literals that no header holds (floats, complex, bytes, sets, \\N{}
    // escapes); each would fail numpy's own header checks, and none of them is an expression.
    const pythonOnly = REJECTED.filter((_, i) => accepted[i]);
    expect(pythonOnly).toEqual([
      "{'descr': '<f8', 'shape': (1.5,)}",
      "{'shape': (1e3,)}",
      "{'shape': (3j,)}",
      "{'descr': b'<f8'}",
      '{1, 2}',
      "'\\N{BULLET}'",
    ]);
  });

  it("pyRepr and pyStrRepr match Python's repr byte for byte", () => {
    const strings = [
      'plain', "it's", 'say "hi"', `both ' and "`, 'back\\slash', 'tab\tnl\ncr\r', '\x00\x01\x1f\x7f',
      '\x80\x85\x9f\xa0\xad\xe9\xff', 'α\u2028\u2029\u200b\ufeff\ue000', '😀\u{10ffff}\u{1f9ff}', ' space ', '',
    ];
    const expected = pythonJson<string[]>('print(json.dumps([repr(s) for s in json.loads(sys.argv[1])]))', [JSON.stringify(strings)]);
    expect(strings.map(pyStrRepr)).toEqual(expected);
    const nested = parsePyLiteral("[('a', (1,), ()), (('t', 'n'), [], [True, None, -3])]");
    const pyNested = pythonJson<string>(`print(json.dumps(repr([('a', (1,), ()), (('t', 'n'), [], [True, None, -3])])))`);
    expect(pyRepr(nested)).toBe(pyNested);
  });
});
