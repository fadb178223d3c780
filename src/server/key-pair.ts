import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { Construct } from 'constructs';

/** The construct ID of the generated key pair; kept from the releases that generated it by default, so that it is not replaced. */
const GENERATED_KEY_PAIR_ID = 'KeyPair';

/** What a `ServerKeyPair` gives the server. */
export interface ServerKeyPairConfig {
  /**
   * The key pair whose public key the server's login user accepts.
   *
   * @default - none: the server takes no key at launch; people sign in with EC2 Instance Connect
   */
  readonly keyPair?: ec2.IKeyPair;

  /**
   * The ID of the key pair when the construct made it (its private key is then in SSM Parameter Store).
   *
   * @default - the key pair is not the construct's, or there is none
   */
  readonly generatedKeyPairId?: string;
}

/**
 * A key pair shared by everyone who may SSH to the server, or none.
 *
 * The default is none: everyone signs in with their own short-lived key
 * through EC2 Instance Connect, scoped by IAM to the authorized groups. A
 * shared key pair is a second way in that group membership does not revoke:
 * whoever read its private key once keeps SSH access.
 *
 * Changing between these choices on a deployed server replaces the server
 * (`KeyName` is a replacement property of an EC2 instance).
 */
export abstract class ServerKeyPair {
  /** No shared key pair: SSH only with EC2 Instance Connect. */
  public static none(): ServerKeyPair {
    return new NoKeyPair();
  }

  /**
   * A key pair of yours (for example `ec2.KeyPair.fromKeyPairName(this, 'Key', 'team-key')`).
   *
   * @param keyPair the key pair whose private key you keep
   */
  public static fromKeyPair(keyPair: ec2.IKeyPair): ServerKeyPair {
    return new GivenKeyPair(keyPair);
  }

  /**
   * A new key pair whose private key EC2 stores in SSM Parameter Store
   * (`/ec2/keypair/<key pair ID>`); the `GetServerPrivateKeyCommand` output fetches it.
   *
   * This was the default before EC2 Instance Connect: a stack deployed with
   * it keeps its key pair and its server when it says `ServerKeyPair.generate()`
   * (the same construct ID, so nothing is replaced).
   */
  public static generate(): ServerKeyPair {
    return new GeneratedKeyPair();
  }

  /**
   * Makes or returns the key pair, in the bastion's scope.
   *
   * @param scope the bastion
   */
  public abstract bind(scope: Construct): ServerKeyPairConfig;
}

class NoKeyPair extends ServerKeyPair {
  public bind(_scope: Construct): ServerKeyPairConfig {
    return {};
  }
}

class GivenKeyPair extends ServerKeyPair {
  constructor(private readonly keyPair: ec2.IKeyPair) {
    super();
  }

  public bind(_scope: Construct): ServerKeyPairConfig {
    return { keyPair: this.keyPair };
  }
}

class GeneratedKeyPair extends ServerKeyPair {
  public bind(scope: Construct): ServerKeyPairConfig {
    const keyPair = new ec2.KeyPair(scope, GENERATED_KEY_PAIR_ID);
    return { keyPair, generatedKeyPairId: keyPair.keyPairId };
  }
}
