/** Settings the example environments share. */

/** The bucket that holds every example environment's state (created by `state-bootstrap`). */
export const STATE_BUCKET = "example-network-monitoring-tfstate";

/** The region of the state bucket. */
export const STATE_REGION = "ap-northeast-1";

/** The account that holds the state bucket (a tooling account, apart from the environments). */
export const STATE_ACCOUNT_ID = "444444444444";
