/**
 * The article's setup, exactly as `examples/article.ts` builds it: a new VPC
 * with a NAT gateway on a fixed IP, a full tunnel and a DNS-validated
 * certificate (`npx projen try` prints the README's first example instead). The hosted zone is a sample, so
 * this case is checked as a snapshot and not deployed as is.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App } from 'aws-cdk-lib';
import { createArticleStack } from '../examples/article';

const app = new App();
new IntegTest(app, 'ArticleSetup', {
  testCases: [createArticleStack(app)],
});
app.synth();
