using System.Reflection;
using System.Text;
using ErrorMiddleware.Tests.TestInfrastructure;

namespace ErrorMiddleware.Tests.PublicApi;

/// <summary>
/// Snapshots the exported surface of the library, so any change to it shows up in review.
/// Set ERRORMIDDLEWARE_UPDATE_PUBLICAPI=1 to accept a change, then review the diff of PublicApi.approved.txt.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public async Task PublicSurface_MatchesTheApprovedSnapshot()
    {
        var actual = Render(typeof(ApiErrorsOptions).Assembly);
        var path = RepoPaths.Combine("tests", "ErrorMiddleware.Tests", "PublicApi", "PublicApi.approved.txt");
        if (Environment.GetEnvironmentVariable("ERRORMIDDLEWARE_UPDATE_PUBLICAPI") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
        }

        var approved = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : string.Empty;
        Assert.Equal(approved, actual);
    }

    [Fact]
    public void PublicTypes_AllLiveInTheErrorMiddlewareNamespace()
    {
        var outside = typeof(ApiErrorsOptions).Assembly.GetExportedTypes().Where(t => t.Namespace != "ErrorMiddleware").Select(t => t.FullName);

        Assert.Empty(outside);
    }

    private static string Render(Assembly assembly)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct" : (type.IsAbstract && type.IsSealed) ? "static class" : type.IsSealed ? "sealed class" : type.IsAbstract ? "abstract class" : "class";
            var baseType = type.BaseType is { } b && b != typeof(object) && b != typeof(Enum) && b != typeof(ValueType) ? " : " + Name(b) : string.Empty;
            lines.Add($"{kind} {Name(type)}{baseType}");
            foreach (var member in type.GetMembers(flags))
            {
                var text = member switch
                {
                    ConstructorInfo c => $"  .ctor({Parameters(c)})",
                    MethodInfo m when !m.IsSpecialName => $"  {(m.IsStatic ? "static " : string.Empty)}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
                    PropertyInfo p => $"  {(p.GetMethod?.IsStatic == true ? "static " : string.Empty)}{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod?.IsPublic == true ? "get; " : string.Empty)}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ") : string.Empty)}}}",
                    FieldInfo f when type.IsEnum && f.IsStatic => $"  {f.Name} = {Convert.ToInt64(f.GetRawConstantValue())}",
                    FieldInfo f => $"  {(f.IsStatic ? "static " : string.Empty)}{(f.IsInitOnly ? "readonly " : string.Empty)}{(f.IsLiteral ? "const " : string.Empty)}{Name(f.FieldType)} {f.Name}",
                    EventInfo e => $"  event {Name(e.EventHandlerType!)} {e.Name}",
                    _ => null,
                };
                if (text is not null)
                {
                    lines.Add($"{Name(type)}:{text}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    private static string Generic(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`')];
            return $"{type.Namespace}.{(type.DeclaringType is { } d ? Name(d).Split('.').Last() + "+" : string.Empty)}{name}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
        }

        return type.FullName ?? type.Name;
    }
}
