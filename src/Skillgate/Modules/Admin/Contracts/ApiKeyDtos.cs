namespace Skillgate.Modules.Admin.Contracts;

public sealed record ApiKeyDto(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, Guid? OrgUnitId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

public sealed record ApiKeyCreate(string Name, IReadOnlyList<string> Scopes, Guid? OrgUnitId);

/// <summary>The key in clear, returned once at creation and never again.</summary>
public sealed record ApiKeyCreated(ApiKeyDto Key, string Secret);
