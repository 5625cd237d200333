using Microsoft.AspNetCore.Authorization;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Training.Attendance;

/// <summary>The phone's scanner for the code on the room's screen: it opens the check-in the code names.</summary>
[Authorize(Policy = Permissions.LearnSelf)]
internal sealed class ScanModel : SkillgatePage
{
}
