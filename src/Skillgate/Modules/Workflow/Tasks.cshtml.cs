using Microsoft.AspNetCore.Authorization;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Modules.Workflow.Instances;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow;

[Authorize(Policy = Permissions.WorkflowRead)]
internal sealed class TasksModel(InstanceReader instances) : SkillgatePage
{
    public IReadOnlyList<MyTaskDto> Tasks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Tasks = await instances.MyTasksAsync(ct);
}
