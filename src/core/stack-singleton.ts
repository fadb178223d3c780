import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * The stack's one instance of a construct (a custom resource provider that
 * every bastion in the stack shares), created on first use.
 */
export function stackSingleton<T extends Construct>(scope: Construct, id: string, create: (stack: Stack, id: string) => T): T {
  const stack = Stack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? create(stack, id);
}
