using Skillgate.Platform;

return await SkillgateApp.RunAsync(args);

/// <summary>The entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
