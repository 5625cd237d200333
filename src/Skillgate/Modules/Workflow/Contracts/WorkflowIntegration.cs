namespace Skillgate.Modules.Workflow.Contracts;

/// <summary>A workflow about one record of another module: which kind of record (defect, kpi_score) and its id.</summary>
public sealed record WorkflowSubject(string Type, Guid Id);

/// <summary>A start asked for by another module, which has already checked that the caller may raise it about the subject.</summary>
public sealed record WorkflowStart(string Definition, Guid OrgUnitId, string Title, WorkflowSubject Subject, IReadOnlyDictionary<string, string?> Form);

/// <summary>What a step action sees: the instance, the record it is about, the step approved and every step's form so far.</summary>
public sealed record WorkflowStepContext(
    Guid InstanceId, string Number, Guid OrgUnitId, WorkflowSubject? Subject, string StepKey, IReadOnlyDictionary<string, Dictionary<string, string?>> Data);

/// <summary>
/// A module's action, named in a step's definition, run when that step is approved and inside the same transaction: when it
/// refuses (a validation or rule exception), the completion is refused and everything stays as it was.
/// </summary>
public interface IWorkflowStepAction
{
    string Name { get; }

    Task RunAsync(WorkflowStepContext context, CancellationToken ct);
}

/// <summary>
/// Starts a workflow about a record of another module: the caller fills the first step (and must hold its role); only one
/// instance of a definition may be open about a record (409 otherwise).
/// </summary>
public interface IWorkflowStarter
{
    Task<InstanceDto> StartAsync(WorkflowStart start, CancellationToken ct);
}
