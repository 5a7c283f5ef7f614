// Parts of a big selection wait in memory for the edit that names them: per project, used once,
// dropped after a while, and bounded in size.
import { describe, expect, it } from 'vitest';
import { StagedSelections, stagedSelectionTtlMs } from '../../../../src/main/service/stagedSelections';

describe('staged selections', () => {
  it('gathers parts in order and hands them over once', () => {
    const staged = new StagedSelections();
    expect(staged.stage('/p', 'sel-aaaaaaaa', [1, 2])).toBe(2);
    expect(staged.stage('/p', 'sel-aaaaaaaa', [3])).toBe(3);
    expect(staged.take('/p', 'sel-aaaaaaaa')).toEqual([1, 2, 3]);
    expect(() => staged.take('/p', 'sel-aaaaaaaa')).toThrow(/never reached deskfit/);
  });

  it('keeps projects apart', () => {
    const staged = new StagedSelections();
    staged.stage('/p', 'sel-aaaaaaaa', [1]);
    expect(() => staged.stage('/q', 'sel-aaaaaaaa', [2])).toThrow(/another project/);
    expect(() => staged.take('/q', 'sel-aaaaaaaa')).toThrow(/Select the images again/);
  });

  it('drops parts left unused for too long', () => {
    let now = 0;
    const staged = new StagedSelections({ now: () => now });
    staged.stage('/p', 'sel-old00000', [1]);
    now = stagedSelectionTtlMs / 2;
    staged.stage('/p', 'sel-new00000', [2]);
    now = stagedSelectionTtlMs + 1;
    expect(() => staged.take('/p', 'sel-old00000')).toThrow(/waited too long/);
    expect(staged.take('/p', 'sel-new00000')).toEqual([2]);
  });

  it('refuses more ids than it may hold, and frees what an edit took', () => {
    const staged = new StagedSelections({ maxIds: 5 });
    staged.stage('/p', 'sel-big00000', [1, 2, 3, 4, 5]);
    expect(() => staged.stage('/p', 'sel-one00000', [1])).toThrow(/Too many images/);
    staged.take('/p', 'sel-big00000');
    expect(staged.stage('/p', 'sel-one00000', [1])).toBe(1);
  });
});
