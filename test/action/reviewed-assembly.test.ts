import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SynthesizedStack } from '../../action/src/cdk-runner';
import { REVIEW_FILE, checkReviewedStacks, checkUnchangedSinceReview, readReview, stackFingerprint, writeReview } from '../../action/src/reviewed-assembly';

/** A cloud assembly directory with one template, reviewed in ap-northeast-1. */
function reviewed(deployed = 'none') {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'reviewed-'));
  const templateFile = path.join(directory, 'Bastion.template.json');
  fs.writeFileSync(templateFile, '{"Resources":{}}');
  const stack: SynthesizedStack = { stackName: 'Bastion', templateFile, template: {} };
  const env = { GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42', GITHUB_SHA: '0123456789abcdef0123' };
  const record = writeReview(directory, 'ap-northeast-1', [stack], [{ stackName: 'Bastion', deployed }], env);
  return { directory, templateFile, stack, record };
}

describe('the review record of a cloud assembly', () => {
  test('names the run and commit, and each template by its path and hash', () => {
    const { directory, record } = reviewed();
    expect(record).toMatchObject({ version: 1, region: 'ap-northeast-1', commit: '0123456789abcdef0123', runUrl: 'https://github.com/o/r/actions/runs/42' });
    expect(record.stacks).toEqual([{ stackName: 'Bastion', templateFile: 'Bastion.template.json', templateSha256: expect.stringMatching(/^[0-9a-f]{64}$/), deployed: 'none' }]);
    expect(readReview(directory, 'ap-northeast-1')).toEqual(record);
  });

  test('a directory without a record, another region or a changed template is refused, naming what and what to do', () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'bare-'));
    expect(() => readReview(bare, 'ap-northeast-1')).toThrow(`holds no ${REVIEW_FILE}: give the directory that mode diff reported as its cloud-assembly output`);
    const { directory, templateFile } = reviewed();
    expect(() => readReview(directory, 'us-east-1')).toThrow('was reviewed in region ap-northeast-1, but this run\'s region is us-east-1');
    fs.appendFileSync(templateFile, ' ');
    expect(() => readReview(directory, 'ap-northeast-1'))
      .toThrow(/the template of stack Bastion \(Bastion\.template\.json\) is not the one reviewed \(https:\/\/github\.com\/o\/r\/actions\/runs\/42, commit 0123456789ab, .*\)/);
  });

  test('a stack the review did not compare is refused', () => {
    const { record, stack } = reviewed();
    expect(() => checkReviewedStacks(record, [stack])).not.toThrow();
    expect(() => checkReviewedStacks(record, [{ ...stack, stackName: 'Other' }])).toThrow('names Other, which the review of cloud-assembly');
  });

  test('the fingerprint changes with any deploy, update or rollback; a stack changed since the review is refused', () => {
    const at = { stackId: 'arn:aws:cloudformation:ap-northeast-1:123456789012:stack/Bastion/1', status: 'UPDATE_COMPLETE', lastChanged: new Date(0), templateBody: '{}' };
    const before = stackFingerprint(at);
    expect(stackFingerprint({ ...at })).toBe(before);
    expect(stackFingerprint({ ...at, lastChanged: new Date(1) })).not.toBe(before);
    expect(stackFingerprint({ ...at, status: 'UPDATE_ROLLBACK_COMPLETE' })).not.toBe(before);
    expect(stackFingerprint({ ...at, templateBody: '{"a":1}' })).not.toBe(before);
    expect(stackFingerprint(undefined)).toBe('none');
    const { record } = reviewed(before);
    expect(() => checkUnchangedSinceReview(record, [{ stackName: 'Bastion', deployed: before }])).not.toThrow();
    expect(() => checkUnchangedSinceReview(record, [{ stackName: 'Bastion', deployed: stackFingerprint({ ...at, lastChanged: new Date(1) }) }]))
      .toThrow(/^Stack Bastion changed since the review \(.*\): .* Nothing was deployed\. Run mode diff again/);
  });
});
