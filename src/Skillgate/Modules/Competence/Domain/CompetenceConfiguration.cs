using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Skillgate.Modules.Competence.Domain;

internal sealed class CompetenceConfiguration :
    IEntityTypeConfiguration<Skill>, IEntityTypeConfiguration<SkillAssessment>, IEntityTypeConfiguration<Operation>,
    IEntityTypeConfiguration<Requirement>, IEntityTypeConfiguration<Completion>, IEntityTypeConfiguration<Acknowledgement>,
    IEntityTypeConfiguration<OperationAssignment>, IEntityTypeConfiguration<Override>, IEntityTypeConfiguration<SkillWish>,
    IEntityTypeConfiguration<RequirementEquivalent>, IEntityTypeConfiguration<RequirementPrerequisite>
{
    public void Configure(EntityTypeBuilder<Skill> builder)
    {
        builder.ToTable("skill", "competence");
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasOne<Skill>().WithMany().HasForeignKey(x => x.ParentId);
    }

    public void Configure(EntityTypeBuilder<SkillAssessment> builder)
    {
        builder.ToTable("skill_assessment", "competence");
        builder.HasOne<Skill>().WithMany().HasForeignKey(x => x.SkillId);
    }

    public void Configure(EntityTypeBuilder<Operation> builder)
    {
        builder.ToTable("operation", "competence");
        builder.Property(x => x.Version).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<Requirement> builder)
    {
        builder.ToTable("requirement", "competence");
        builder.Property(x => x.Version).IsConcurrencyToken();
        builder.HasOne<Operation>().WithMany().HasForeignKey(x => x.OperationId);
        builder.HasOne<Skill>().WithMany().HasForeignKey(x => x.SkillId);
    }

    public void Configure(EntityTypeBuilder<RequirementEquivalent> builder)
    {
        builder.ToTable("requirement_equivalent", "competence");
        builder.HasKey(x => new { x.RequirementId, x.DocumentId });
        builder.HasOne<Requirement>().WithMany().HasForeignKey(x => x.RequirementId);
    }

    public void Configure(EntityTypeBuilder<RequirementPrerequisite> builder)
    {
        builder.ToTable("requirement_prerequisite", "competence");
        builder.HasKey(x => new { x.RequirementId, x.PrerequisiteId });
        builder.HasOne<Requirement>().WithMany().HasForeignKey(x => x.RequirementId);
        builder.HasOne<Requirement>().WithMany().HasForeignKey(x => x.PrerequisiteId);
    }

    public void Configure(EntityTypeBuilder<SkillWish> builder)
    {
        builder.ToTable("skill_wish", "competence");
        builder.HasOne<Skill>().WithMany().HasForeignKey(x => x.SkillId);
    }

    public void Configure(EntityTypeBuilder<Completion> builder) => builder.ToTable("completion", "competence");

    public void Configure(EntityTypeBuilder<Acknowledgement> builder) => builder.ToTable("acknowledgement", "competence");

    public void Configure(EntityTypeBuilder<OperationAssignment> builder)
    {
        builder.ToTable("operation_assignment", "competence");
        builder.HasOne<Operation>().WithMany().HasForeignKey(x => x.OperationId);
        builder.HasOne<Override>().WithMany().HasForeignKey(x => x.OverrideId);
    }

    public void Configure(EntityTypeBuilder<Override> builder)
    {
        builder.ToTable("override", "competence");
        builder.HasOne<Operation>().WithMany().HasForeignKey(x => x.OperationId);
    }
}
