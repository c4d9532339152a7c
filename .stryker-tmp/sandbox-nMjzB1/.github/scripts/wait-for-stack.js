// @ts-nocheck
// The drift check shares the stack's lock with deploys and rollbacks: wait while a `deploy <stack>` or
// `rollback <stack>` job is running (a refresh mid-update reports the update itself as drift). Polls every
// `intervalMs` for up to `timeoutMs`; returns true when the stack is free, false when it stayed busy.
module.exports = async function waitForStack(
  { github, context, core },
  { stack, workflows = ["deploy.yml", "rollback.yml"], intervalMs = 60_000, timeoutMs = 60 * 60_000, sleep },
) {
  const { owner, repo } = context.repo;
  const names = new Set([`deploy ${stack}`, `rollback ${stack}`]);
  const pause = sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const busy = async () => {
    for (const workflow_id of workflows) {
      const runs = await github.paginate(github.rest.actions.listWorkflowRuns, {
        owner,
        repo,
        workflow_id,
        status: "in_progress",
        per_page: 100,
      });
      for (const run of runs) {
        const jobs = await github.paginate(github.rest.actions.listJobsForWorkflowRun, {
          owner,
          repo,
          run_id: run.id,
          per_page: 100,
        });
        const job = jobs.find((j) => names.has(j.name) && j.status === "in_progress");
        if (job) return `${job.name} (run ${run.id})`;
      }
    }
    return undefined;
  };
  for (let waited = 0; ; waited += intervalMs) {
    const holder = await busy();
    if (!holder) return true;
    if (waited >= timeoutMs) {
      core.warning(
        `${stack} is still busy after ${Math.round(waited / 60_000)} min: ${holder}; drift not checked`,
      );
      return false;
    }
    core.info(`${stack} is busy: ${holder}; checking again in ${Math.round(intervalMs / 1000)} s`);
    await pause(intervalMs);
  }
};
