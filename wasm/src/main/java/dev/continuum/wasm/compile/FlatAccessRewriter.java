package dev.continuum.wasm.compile;

import dev.continuum.wasm.memory.FlatAccess;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites the classes Endive generates for a module so that loads and stores go straight to the
 * {@link dev.continuum.wasm.memory.FlatMemory}'s array (see {@link FlatAccess}) instead of through
 * Endive's {@code Memory} interface.
 *
 * <p>In every generated method that accesses memory:
 * <ul>
 *   <li>the method starts by copying the memory's array and size into two new locals;
 *   <li>each {@code memoryRead*}/{@code memoryWrite*} call on Endive's helper class becomes a call
 *       to the {@link FlatAccess} method of the same name over those locals (the {@code *Near}
 *       form when the offset is a small constant pushed just before);
 *   <li>after every other call, and at the start of every exception handler, the two locals are
 *       read again, since a callee (the guest's own {@code memory.grow}, a host function) may have
 *       grown the memory and so replaced its array.
 * </ul>
 * Every access stays bounds-checked against the memory's size. Only for modules whose memory is
 * a {@code FlatMemory} (one non-shared memory): the caller decides. A method this cannot rewrite
 * safely (one that stores into the memory parameter) is left as Endive wrote it.
 *
 * <p>Stateless and thread-safe.
 */
public final class FlatAccessRewriter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FlatAccessRewriter.class);
    private static final ClassDesc MEMORY = ClassDesc.of("run.endive.runtime.Memory");
    private static final ClassDesc OPCODES = ClassDesc.of("run.endive.runtime.OpcodeImpl");
    private static final ClassDesc ACCESS = ClassDesc.of(FlatAccess.class.getName());
    private static final ClassDesc BYTES = ConstantDescs.CD_byte.arrayType();
    private static final MethodTypeDesc BUFFER = MethodTypeDesc.of(BYTES, MEMORY);
    private static final MethodTypeDesc SIZE = MethodTypeDesc.of(ConstantDescs.CD_int, MEMORY);
    /** Helpers of Endive's generated helper class that cannot change the memory. */
    private static final Set<String> PURE_HELPERS =
            Set.of("checkInterruption", "readGlobal", "writeGlobal", "getAddr", "i32_ge_u", "memoryPages");

    private static final ClassDesc VALUES = ClassDesc.of("run.endive.wasm.types.Value");
    private static final ClassDesc STRIP_MINING = ClassDesc.of(StripMining.class.getName());

    /** HotSpot's HugeMethodLimit: larger methods are not compiled while DontCompileHugeMethods is on. */
    static final int HUGE_METHOD_LIMIT = 8000;

    static final Pattern FUNCTION = Pattern.compile("func_\\d+");

    /**
     * Rewrites one class; {@code resolver} must know the other generated classes (stack maps are
     * computed again) and {@code growing} is {@link MemoryGrowth#growingFunctions} of them all. Returns the
     * bytes unchanged when the class has no memory access.
     */
    public byte[] rewrite(byte[] classBytes, ClassHierarchyResolver resolver, Set<String> growing) {
        var classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
        ClassModel model = classFile.parse(classBytes);
        Set<String> candidates = new HashSet<>();
        for (MethodModel method : model.methods()) {
            if (memorySlot(method) >= 0 && accessesMemory(method) && !storesInto(method, memorySlot(method))) {
                candidates.add(key(method));
            }
        }
        if (candidates.isEmpty()) {
            return classBytes;
        }
        // Rewrite with loop versioning first; a method that would then pass the JIT's size limit
        // is rewritten without it, and left as Endive wrote it if even that is too large.
        Set<String> versioned = new HashSet<>(candidates);
        byte[] rewritten = transform(classFile, model, candidates, versioned, growing);
        for (int attempt = 0; attempt < 2; attempt++) {
            Set<String> tooLarge = tooLarge(classFile, model, rewritten, candidates);
            if (tooLarge.isEmpty()) {
                return verified(classFile, classBytes, rewritten);
            }
            for (String method : tooLarge) {
                if (!versioned.remove(method)) {
                    candidates.remove(method);
                }
            }
            if (candidates.isEmpty()) {
                return classBytes;
            }
            rewritten = transform(classFile, model, candidates, versioned, growing);
        }
        return verified(classFile, classBytes, rewritten);
    }

    /**
     * {@code rewritten} when the JVM's verifier (the class-file API's port of it) accepts it, else
     * Endive's {@code original}: a rewrite the verifier refuses would otherwise fail only when the
     * class is first used, in the middle of a run.
     */
    private static byte[] verified(ClassFile classFile, byte[] original, byte[] rewritten) {
        var errors = classFile.verify(rewritten);
        if (errors.isEmpty()) {
            return rewritten;
        }
        LOG.warn(
                "rewritten class fails verification, keeping Endive's: {}",
                errors.getFirst().getMessage());
        return original;
    }

    /**
     * The JIT never compiles a method of more than 8000 bytes of bytecode (unless the JVM runs with
     * -XX:-DontCompileHugeMethods): the rewritten methods that grew past that, which would run
     * interpreted (methods already past it in Endive's output are rewritten all the same).
     */
    private static Set<String> tooLarge(
            ClassFile classFile, ClassModel original, byte[] rewritten, Set<String> candidates) {
        Set<String> huge = new HashSet<>();
        for (MethodModel method : original.methods()) {
            if (codeLength(method) > HUGE_METHOD_LIMIT) {
                huge.add(key(method));
            }
        }
        Set<String> tooLarge = new HashSet<>();
        for (MethodModel method : classFile.parse(rewritten).methods()) {
            String key = key(method);
            if (candidates.contains(key) && !huge.contains(key) && codeLength(method) > HUGE_METHOD_LIMIT) {
                tooLarge.add(key);
            }
        }
        return tooLarge;
    }

    private static byte[] transform(
            ClassFile classFile, ClassModel model, Set<String> methods, Set<String> versioned, Set<String> growing) {
        return classFile.transformClass(model, (classBuilder, element) -> {
            if (element instanceof MethodModel method && methods.contains(key(method))) {
                int slot = memorySlot(method);
                CodeModel code = method.code().orElseThrow();
                boolean versionLoops = versioned.contains(key(method));
                classBuilder.transformMethod(method, (methodBuilder, methodElement) -> {
                    if (methodElement instanceof CodeModel) {
                        methodBuilder.transformCode(
                                code, new MethodRewrite(slot, handlers(code), growing, versionLoops));
                    } else {
                        methodBuilder.with(methodElement);
                    }
                });
            } else {
                classBuilder.with(element);
            }
        });
    }

    private static String key(MethodModel method) {
        return method.methodName().stringValue() + method.methodType().stringValue();
    }

    private static int codeLength(MethodModel method) {
        return method.findAttribute(Attributes.code())
                .map(CodeAttribute::codeLength)
                .orElse(0);
    }

    /** The local slot of the method's {@code Memory} parameter, or -1 when it has none (or several). */
    static int memorySlot(MethodModel method) {
        if (method.code().isEmpty()) {
            return -1;
        }
        var type = method.methodTypeSymbol();
        boolean isStatic = (method.flags().flagsMask() & ClassFile.ACC_STATIC) != 0;
        int slot = isStatic ? 0 : 1;
        int found = -1;
        for (ClassDesc parameter : type.parameterList()) {
            if (parameter.equals(MEMORY)) {
                if (found >= 0) {
                    return -1;
                }
                found = slot;
            }
            slot += TypeKind.from(parameter).slotSize();
        }
        return found;
    }

    private static boolean accessesMemory(MethodModel method) {
        for (CodeElement element : method.code().orElseThrow()) {
            if (element instanceof InvokeInstruction invoke && accessor(invoke) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean storesInto(MethodModel method, int slot) {
        for (CodeElement element : method.code().orElseThrow()) {
            if (element instanceof StoreInstruction store && store.slot() == slot) {
                return true;
            }
        }
        return false;
    }

    private static Set<Label> handlers(CodeModel code) {
        Set<Label> labels = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ExceptionCatch handler : code.exceptionHandlers()) {
            labels.add(handler.handler());
        }
        return labels;
    }

    /**
     * The {@link FlatAccess} method type replacing {@code invoke}, or null when it is not one of
     * Endive's plain load/store helpers: {@code (base, offset, Memory)T} for loads,
     * {@code (base, value, offset, Memory)V} for stores.
     */
    static MethodTypeDesc accessor(InvokeInstruction invoke) {
        if (invoke.opcode() != Opcode.INVOKESTATIC) {
            return null;
        }
        String name = invoke.name().stringValue();
        var type = invoke.typeSymbol();
        var parameters = type.parameterList();
        if (parameters.isEmpty() || !parameters.getLast().equals(MEMORY)) {
            return null;
        }
        boolean load = name.startsWith("memoryRead") && parameters.size() == 3 && isLoadType(name, type.returnType());
        boolean store = name.startsWith("memoryWrite")
                && parameters.size() == 4
                && type.returnType().equals(ConstantDescs.CD_void)
                && isLoadType(name.replace("Write", "Read"), parameters.get(1));
        if (!load && !store) {
            return null;
        }
        var replaced = new ArrayList<>(parameters.subList(0, parameters.size() - 1));
        replaced.add(BYTES);
        replaced.add(ConstantDescs.CD_int);
        return MethodTypeDesc.of(type.returnType(), replaced);
    }

    private static boolean isLoadType(String name, ClassDesc type) {
        return switch (name) {
            case "memoryReadByte" -> type.equals(ConstantDescs.CD_byte);
            case "memoryReadShort" -> type.equals(ConstantDescs.CD_short);
            case "memoryReadInt" -> type.equals(ConstantDescs.CD_int);
            case "memoryReadLong" -> type.equals(ConstantDescs.CD_long);
            case "memoryReadFloat" -> type.equals(ConstantDescs.CD_float);
            case "memoryReadDouble" -> type.equals(ConstantDescs.CD_double);
            default -> false;
        };
    }

    /**
     * True when this call cannot grow the memory whatever it calls: Endive's pure helpers, the
     * JDK's {@code java.lang}, {@link FlatAccess} and {@link StripMining}. Calls of generated functions are decided by
     * {@link MemoryGrowth#growingFunctions}.
     */
    static boolean cannotGrow(InvokeInstruction invoke) {
        ClassDesc owner = invoke.owner().asSymbol();
        if (owner.equals(OPCODES) || owner.equals(ACCESS) || owner.equals(VALUES) || owner.equals(STRIP_MINING)) {
            return true;
        }
        if (owner.packageName().equals("java.lang")) {
            return true;
        }
        String name = invoke.name().stringValue();
        return owner.displayName().endsWith("Shaded")
                && (PURE_HELPERS.contains(name)
                        || name.startsWith("throw")
                        || name.startsWith("memoryRead")
                        || name.startsWith("memoryWrite"));
    }

    /** True when {@code invoke} may replace the memory's array: see {@link MemoryGrowth#growingFunctions}. */
    private static boolean mayGrow(InvokeInstruction invoke, Set<String> growing) {
        if (cannotGrow(invoke)) {
            return false;
        }
        String name = invoke.name().stringValue();
        return !FUNCTION.matcher(name).matches() || growing.contains(name);
    }

    /**
     * Rewrites one method body; holds the method's new locals. Buffers the body and emits it at
     * the end, so that patterns can look at the instructions around them.
     */
    private static final class MethodRewrite implements CodeTransform {
        private final int memorySlot;
        private final Set<Label> handlers;
        private final Set<String> growing;
        private final boolean versionLoops;
        private final List<CodeElement> body = new ArrayList<>();
        private int bufferSlot = -1;
        private int sizeSlot = -1;

        MethodRewrite(int memorySlot, Set<Label> handlers, Set<String> growing, boolean versionLoops) {
            this.memorySlot = memorySlot;
            this.handlers = handlers;
            this.growing = growing;
            this.versionLoops = versionLoops;
        }

        @Override
        public void atStart(CodeBuilder builder) {
            bufferSlot = builder.allocateLocal(TypeKind.REFERENCE);
            sizeSlot = builder.allocateLocal(TypeKind.INT);
            reload(builder);
        }

        private void reload(CodeBuilder builder) {
            builder.aload(memorySlot)
                    .invokestatic(ACCESS, "buffer", BUFFER)
                    .astore(bufferSlot)
                    .aload(memorySlot)
                    .invokestatic(ACCESS, "size", SIZE)
                    .istore(sizeSlot);
        }

        @Override
        public void accept(CodeBuilder builder, CodeElement element) {
            body.add(element);
        }

        @Override
        public void atEnd(CodeBuilder builder) {
            List<Object> items = versionLoops && handlers.isEmpty()
                    ? LoopVersioning.expand(body, builder::newLabel, () -> builder.allocateLocal(TypeKind.INT))
                    : new ArrayList<>(body);
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof Label label) {
                    builder.labelBinding(label);
                    continue;
                }
                CodeElement element = (CodeElement) items.get(i);
                if (element instanceof LabelTarget target) {
                    builder.with(element);
                    if (handlers.contains(target.label())) {
                        reload(builder);
                    }
                    continue;
                }
                if (element instanceof LoadInstruction load
                        && load.slot() == memorySlot
                        && i + 1 < items.size()
                        && items.get(i + 1) instanceof InvokeInstruction next
                        && accessor(next) != null) {
                    // "load memory; memoryReadX" becomes "load array; load size; FlatAccess.memoryReadX"
                    Integer offset = i >= 1
                                    && items.get(i - 1) instanceof ConstantInstruction constant
                                    && constant.constantValue() instanceof Integer value
                            ? value
                            : null;
                    boolean near = offset != null && offset >= 0 && offset <= FlatAccess.MAX_NEAR_OFFSET;
                    builder.aload(bufferSlot)
                            .iload(sizeSlot)
                            .invokestatic(ACCESS, next.name().stringValue() + (near ? "Near" : ""), accessor(next));
                    i++;
                    continue;
                }
                if (element instanceof InvokeInstruction invoke) {
                    MethodTypeDesc type = accessor(invoke);
                    if (type != null) {
                        // the Memory argument came from elsewhere than the parameter: drop it
                        builder.pop()
                                .aload(bufferSlot)
                                .iload(sizeSlot)
                                .invokestatic(ACCESS, invoke.name().stringValue(), type);
                        continue;
                    }
                    builder.with(element);
                    if (mayGrow(invoke, growing)) {
                        reload(builder);
                    }
                    continue;
                }
                builder.with(element);
            }
        }
    }

    /** Resolves the generated classes from their bytes, then everything else from {@code loader}. */
    public static ClassHierarchyResolver resolver(Map<String, byte[]> generated, ClassLoader loader) {
        return ClassHierarchyResolver.ofResourceParsing(desc -> {
                    String internal = desc.descriptorString();
                    byte[] bytes = generated.get(internal.substring(1, internal.length() - 1));
                    return bytes == null ? null : new java.io.ByteArrayInputStream(bytes);
                })
                .orElse(ClassHierarchyResolver.defaultResolver())
                .orElse(ClassHierarchyResolver.ofClassLoading(loader));
    }
}
