import * as fs from 'fs';
import * as path from 'path';
import type { Dependencies } from './dependencies';
import { InputError } from './inputs';
import type { BastionInputs, ToolkitInputs } from './inputs';
import { withoutQuery } from './saml-metadata-download';

/** The IAM Identity Center SAML metadata the inputs give (a file in the workspace or an https URL), if any. */
export async function loadSamlMetadata(inputs: BastionInputs & ToolkitInputs, deps: Dependencies): Promise<string | undefined> {
  if (inputs.samlMetadataFile) {
    if (!fs.existsSync(inputs.samlMetadataFile)) {
      throw new InputError(`Input saml-metadata-file: ${path.relative(inputs.workspace, inputs.samlMetadataFile)} does not exist in the workspace (did the job check out the repository?).`);
    }
    if (fs.statSync(inputs.samlMetadataFile).isDirectory()) {
      throw new InputError(`Input saml-metadata-file: ${path.relative(inputs.workspace, inputs.samlMetadataFile) || '.'} is a directory, not a file: ` +
        'give the path of the IAM Identity Center metadata XML file, such as identity-center-metadata.xml.');
    }
    return fs.readFileSync(inputs.samlMetadataFile, 'utf8');
  }
  if (inputs.samlMetadataUrl) {
    try {
      return await deps.fetchText(inputs.samlMetadataUrl);
    } catch (error) {
      throw new InputError(`Input saml-metadata-url: downloading ${withoutQuery(inputs.samlMetadataUrl)} failed: ${(error as Error).message}.`);
    }
  }
  return undefined;
}
