"""srm-bot: who owns a piece of cloud security under the AWS Shared Responsibility Model."""
