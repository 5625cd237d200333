namespace Skillgate.Platform.Audit;

/// <summary>An entity whose every change is written to the audit chain in the same transaction.</summary>
internal interface IAuditedEntity
{
    Guid Id { get; }

    /// <summary>The name used in audit rows and on the history page, e.g. "employee".</summary>
    string AuditEntityName { get; }
}
