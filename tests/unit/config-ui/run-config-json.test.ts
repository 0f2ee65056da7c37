import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG, runConfigDiff, runConfigFromJson, validateRunConfig, withDefaults } from '../../../src/core/config';
import { decodeBase64Url, encodeBase64Url } from '../../../src/platform/share/base64url';

describe('base64url', () => {
  it('round-trips UTF-8 text without padding or URL-unsafe characters', () => {
    for (const text of ['', 'a', 'ab', 'abc', '{"λ":0.25,"note":"Ünïcødé ✓"}', '>>>???']) {
      const code = encodeBase64Url(text);
      expect(code).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBase64Url(code)).toBe(text);
    }
    expect(encodeBase64Url('>>>???')).toBe('Pj4-Pz8_');
  });

  it('says what is wrong with bad codes', () => {
    expect(() => decodeBase64Url('abc$')).toThrow('contains "$", which is not a base64url character');
    expect(() => decodeBase64Url('abcde')).toThrow(/cut off/);
    expect(() => decodeBase64Url('_w')).toThrow(/UTF-8/); // byte 0xFF alone
  });
});

describe('RunConfig from JSON', () => {
  it('fills missing fields with the defaults', () => {
    const { config, problems } = runConfigFromJson({ model: { inputSize: 64 }, seed: 7 });
    expect(problems).toEqual([]);
    expect(config).toEqual(withDefaults({ model: { inputSize: 64 }, seed: 7 }));
  });

  it('names unknown fields, wrong types and out-of-range values', () => {
    const { problems } = runConfigFromJson({ model: { inputSize: '64', colour: 1 }, loss: { threshold: 0.2 }, epochs: 0, cutout: 'yes' });
    expect(problems).toEqual([
      { path: 'model.inputSize', message: 'model.inputSize must be a number (got "64")' },
      { path: 'model.colour', message: 'model.colour is not a config field (known here: variant, inputSize, widthMultiplier, dropout)' },
      { path: 'cutout', message: 'cutout must be a boolean (got "yes")' },
      { path: 'loss.threshold', message: 'loss.threshold must be in [0.5, 1] for two classes (got 0.2)' },
      { path: 'epochs', message: 'epochs must be an integer >= 1 (got 0)' },
    ]);
  });

  it('rejects a non-object and null leaves', () => {
    expect(runConfigFromJson([1, 2]).problems[0]?.message).toBe('the config must be an object (got a list)');
    expect(runConfigFromJson({ seed: null }).problems[0]?.message).toBe('seed must be a number (got null)');
    expect(runConfigFromJson({ model: 3 }).problems[0]?.message).toBe('model must be an object (got 3)');
  });

  it('reports an unknown variant with the list of variants', () => {
    const { problems, config } = runConfigFromJson({ model: { variant: 'resnet' } });
    expect(config.model.variant).toBe('multimix'); // the form shows a real variant; the message says what was wrong
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('model.variant');
    expect(problems[0]?.message).toContain('unet, enc, enc-ssl, umtl, umtl-s, umtl-ssl, umtl-ssl-s, multimix');
  });

  it('diff against defaults holds only the changed leaves and merges back to the same config', () => {
    const config = withDefaults({ model: { variant: 'umtl', inputSize: 32 }, loss: { beta: 0 }, seed: 3 });
    const diff = runConfigDiff(config);
    expect(diff).toEqual({ model: { variant: 'umtl', inputSize: 32 }, loss: { beta: 0 }, seed: 3 });
    expect(runConfigFromJson(diff).config).toEqual(config);
    expect(runConfigDiff(DEFAULT_RUN_CONFIG)).toEqual({});
  });

  it('gives each core validation problem its field path', () => {
    const problems = validateRunConfig(withDefaults({ batchSize: 0, optim: { learningRate: 2 } }));
    expect(problems.find((p) => p.message === 'batchSize (M) must be an integer in [1, 256] (got 0)')?.path).toBe('batchSize');
    expect(problems.find((p) => p.message === 'optim.learningRate must be in (0, 1] (got 2)')?.path).toBe('optim.learningRate');
  });
});

describe('config panel messages', async () => {
  const { sortProblems, withoutField } = await import('../../../src/app/panels/config/problems');
  it('puts field messages next to their field and the rest in a list', () => {
    const sorted = sortProblems([
      { path: 'model.inputSize', message: 'model.inputSize must be a multiple of 16 and at least 32 (got 40)' },
      { path: 'batchSize', message: 'batchSize (M) must be an integer in [1, 256] (got 0)' },
      { path: 'datasets', message: 'no dataset has the role "train": choose at least one dataset to train on' },
    ]);
    expect([...sorted.byField]).toEqual([
      ['model.inputSize', 'Must be a multiple of 16 and at least 32 (got 40)'],
      ['batchSize', 'Must be an integer in [1, 256] (got 0)'],
    ]);
    expect(sorted.general).toEqual(['no dataset has the role "train": choose at least one dataset to train on']);
    expect(withoutField('seed must be an integer (got 1.5)', 'seed')).toBe('Must be an integer (got 1.5)');
  });
});
