// @ts-nocheck
// Cancel the deploy runs that have not finished deploying `stack` (the job named `deploy <stack>` is not
// completed, or not started yet), so a rollback is never undone by a deploy that was already under way.
// GitHub cancels a run by sending SIGINT to its steps: the driver stops the Pulumi CLI gracefully.
// Returns the ids of the cancelled runs.
module.exports = async function cancelDeploys({ github, context, core }, { stack, workflow = "deploy.yml" }) {
  const { owner, repo } = context.repo;
  const jobName = `deploy ${stack}`;
  const seen = new Set();
  const cancelled = [];
  for (const status of ["in_progress", "queued", "waiting", "pending", "requested"]) {
    const runs = await github.paginate(github.rest.actions.listWorkflowRuns, {
      owner,
      repo,
      workflow_id: workflow,
      status,
      per_page: 100,
    });
    for (const run of runs) {
      if (seen.has(run.id)) continue;
      seen.add(run.id);
      const jobs = await github.paginate(github.rest.actions.listJobsForWorkflowRun, {
        owner,
        repo,
        run_id: run.id,
        per_page: 100,
      });
      const job = jobs.find((j) => j.name === jobName);
      if (job && job.status === "completed") continue;
      core.notice(`cancelling deploy run ${run.id} (${run.head_sha}): '${jobName}' has not finished`);
      await github.rest.actions.cancelWorkflowRun({ owner, repo, run_id: run.id });
      cancelled.push(run.id);
    }
  }
  return cancelled;
};
