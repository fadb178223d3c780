import { run } from './main';
import { productionDependencies } from './production';

void run(productionDependencies());
