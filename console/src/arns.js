// ARNs the console builds to ask the server about permissions, as the server names these resources.

export const vaultArn = (session, name) => `arn:aws:backup:${session.Region}:${session.AccountId}:backup-vault:${name}`;
export const planArn = (session, id) => `arn:aws:backup:${session.Region}:${session.AccountId}:backup-plan:${id}`;
export const defaultRole = (session) => `arn:aws:iam::${session.AccountId}:role/hokan-backup`;
