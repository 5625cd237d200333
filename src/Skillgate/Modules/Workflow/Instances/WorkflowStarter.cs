using Skillgate.Modules.Workflow.Contracts;

namespace Skillgate.Modules.Workflow.Instances;

internal sealed class WorkflowStarter(InstanceHandler instances) : IWorkflowStarter
{
    public Task<InstanceDto> StartAsync(WorkflowStart start, CancellationToken ct) =>
        instances.StartAsync(new StartInput(start.Definition, start.OrgUnitId, start.Title, start.Form, null), ct, start.Subject);
}
