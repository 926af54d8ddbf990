package dev.continuum.wasm.compile;

import java.lang.classfile.CodeElement;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.Opcode;
import java.lang.classfile.PseudoInstruction;
import java.lang.classfile.TypeKind;
import java.lang.classfile.constantpool.ConstantPoolBuilder;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ConvertInstruction;
import java.lang.classfile.instruction.IncrementInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LoadInstruction;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.OperatorInstruction;
import java.lang.classfile.instruction.StackInstruction;
import java.lang.classfile.instruction.StoreInstruction;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Makes the JIT count the guest's innermost loops and takes the interrupt poll out of their
 * iterations, while every loop still polls at least once every {@link StripMining#CHUNK}
 * iterations (so deadlines still stop it).
 *
 * <p>C2 turns a loop into a counted loop (unrolled, stripped of range checks) only when its exit
 * test is {@code <}/{@code >}, or {@code !=} with a stride of 1; clang ends most loops with
 * {@code i += C; while (i != n)}, or leaves them in the middle ({@code if (i == n) break}). And
 * Endive polls the thread's interrupt flag on every back edge (a volatile read, which also keeps
 * the loop from being vectorised or unrolled well). For an innermost loop that makes no call,
 * whose exit test compares an induction variable (a local updated once per iteration by a
 * constant stride) with a constant or a local the loop does not write, this emits:
 *
 * <pre>
 *          i = StripMining.enter(i)           (i itself, opaque to the JIT: see there)
 *   outer: limit = StripMining.limit(i, n, stride, relation)    at most CHUNK strides ahead, never past n
 *   head:  A                                  (the loop up to its exit test, as it was)
 *          if (v &lt; limit) goto fast         (&gt; for a negative stride: continuing is certain)
 *          if (original test) goto exit       (the module's own test and exit)
 *          B'; poll; goto outer               (a copy of the rest of the loop, then a new chunk)
 *   fast:  B; goto head                       (the rest of the loop, no poll)
 * </pre>
 *
 * When nothing follows the exit test (B is empty: clang tests most loops at the bottom), the fast
 * test branches to {@code head} itself, so the inner loop's back edge is that conditional branch.
 *
 * The fast test implies the module's own test says "continue" ({@link StripMining#limit} never
 * returns a limit past {@code n}, nor one the induction variable could wrap around to reach), so
 * the semantics are exactly the module's; when it fails, the iteration runs the module's test and
 * polls. The inner loop has one back edge and an ordered exit test against an invariant limit, so
 * C2 counts it; the outer loop, taken once every CHUNK iterations, polls. Because the induction
 * variable is written once per iteration, unconditionally, by a constant stride, and the limit is
 * at most CHUNK strides away from it, no more than CHUNK + 1 iterations run between two polls.
 *
 * <p>Only innermost loops with one back edge, no calls (memory accesses and Endive's pure helpers
 * aside), no switches and a bounded size, in methods without exception handlers, are rewritten:
 * a loop around calls gains little from being counted and would grow.
 */
final class LoopVersioning {
    private static final ClassDesc OPCODES = ClassDesc.of("run.endive.runtime.OpcodeImpl");
    private static final ClassDesc STRIP_MINING = ClassDesc.of(StripMining.class.getName());
    private static final ClassDesc LONG = ConstantDescs.CD_long;
    private static final MethodTypeDesc SIGNED_LIMIT =
            MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int, LONG, LONG, LONG);
    private static final MethodTypeDesc UNSIGNED_LIMIT =
            MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int, LONG, LONG, LONG);
    private static final MethodTypeDesc INT_INT =
            MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int, ConstantDescs.CD_int);
    private static final MethodTypeDesc INT = MethodTypeDesc.of(ConstantDescs.CD_int, ConstantDescs.CD_int);
    /** Elements in one rewritten loop body, at most (the part after its exit test is copied). */
    static final int MAX_BODY_ELEMENTS = 400;

    private LoopVersioning() {}

    /** An operand of the exit test: a constant, a local, or {@code local += stride} (left on the stack). */
    private record Operand(int start, Integer constant, int slot, Integer stride) {}

    /** A loop to rewrite: elements [head, back], its exit test at [test, test + 1], operands from operandStart. */
    private record Plan(
            int head,
            int back,
            int test,
            int operandStart,
            boolean unary,
            boolean ivIsFirst,
            int iv,
            Operand limit,
            int stride,
            int relation) {}

    /**
     * {@code body} with every loop it can rewrite expanded as above; items are the method's
     * {@link CodeElement}s and {@link Label}s to bind at that place. {@code newIntLocal} allocates an
     * int local.
     */
    static List<Object> expand(List<CodeElement> body, Supplier<Label> newLabel, IntSupplier newIntLocal) {
        Map<Label, Integer> bound = new IdentityHashMap<>();
        Map<Label, Integer> references = new IdentityHashMap<>();
        for (int i = 0; i < body.size(); i++) {
            CodeElement element = body.get(i);
            if (element instanceof LabelTarget target) {
                bound.put(target.label(), i);
            } else if (element instanceof BranchInstruction branch) {
                references.merge(branch.target(), 1, Integer::sum);
            } else if (element instanceof TableSwitchInstruction table) {
                references.merge(table.defaultTarget(), 1, Integer::sum);
                table.cases().forEach(c -> references.merge(c.target(), 1, Integer::sum));
            } else if (element instanceof LookupSwitchInstruction lookup) {
                references.merge(lookup.defaultTarget(), 1, Integer::sum);
                lookup.cases().forEach(c -> references.merge(c.target(), 1, Integer::sum));
            }
        }
        List<Object> out = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            Plan plan = body.get(i) instanceof LabelTarget ? null : plan(body, i, bound, references);
            if (plan == null) {
                out.add(body.get(i));
                continue;
            }
            // plan() looked at the back edge at i; the loop's elements [head, i] were already copied
            // to out: take them back and emit the rewritten loop instead.
            int emitted = out.size() - (i - plan.head());
            out.subList(emitted, out.size()).clear();
            emit(body, plan, out, newLabel, newIntLocal);
        }
        return out;
    }

    private static void emit(
            List<CodeElement> body, Plan plan, List<Object> out, Supplier<Label> newLabel, IntSupplier newIntLocal) {
        var test = (InvokeInstruction) body.get(plan.test());
        var exit = (BranchInstruction) body.get(plan.test() + 1);
        var poll = (InvokeInstruction) body.get(plan.back() - 1);
        int limitSlot = newIntLocal.getAsInt();
        int first = newIntLocal.getAsInt();
        int second = plan.unary() ? -1 : newIntLocal.getAsInt();
        Label outer = newLabel.get();
        Label fast = newLabel.get();
        out.add(LoadInstruction.of(TypeKind.INT, plan.iv()));
        out.add(InvokeInstruction.of(
                Opcode.INVOKESTATIC, ConstantPoolBuilder.of().methodRefEntry(STRIP_MINING, "enter", INT)));
        out.add(StoreInstruction.of(TypeKind.INT, plan.iv()));
        out.add(outer);
        out.add(LoadInstruction.of(TypeKind.INT, plan.iv()));
        if (plan.limit().constant() != null) {
            out.add(constant(plan.limit().constant()));
        } else {
            out.add(LoadInstruction.of(TypeKind.INT, plan.limit().slot()));
        }
        emitLimit(plan.stride(), plan.relation(), out);
        out.add(StoreInstruction.of(TypeKind.INT, limitSlot));
        // head, A and the test's operands, as they were
        for (int j = plan.head(); j < plan.test(); j++) {
            out.add(body.get(j));
        }
        if (!plan.unary()) {
            out.add(StoreInstruction.of(TypeKind.INT, second));
        }
        out.add(StoreInstruction.of(TypeKind.INT, first));
        int ivSlot = plan.unary() || plan.ivIsFirst() ? first : second;
        out.add(LoadInstruction.of(TypeKind.INT, ivSlot));
        out.add(LoadInstruction.of(TypeKind.INT, limitSlot));
        // With nothing after the test (clang's loops test at the bottom), the fast test is the back
        // edge itself: a conditional branch to the head, the shape javac gives a do-while. Through
        // an unconditional goto after it, C2 keeps a safepoint poll in every iteration of the
        // counted loop instead of strip-mining it, and unrolls it less (matmul 1.4x slower).
        boolean bottomTest = body.subList(plan.test() + 2, plan.back() - 1).stream()
                .noneMatch(element -> element instanceof Instruction);
        Label continuing = bottomTest ? ((LabelTarget) body.get(plan.head())).label() : fast;
        out.add(BranchInstruction.of(plan.stride() > 0 ? Opcode.IF_ICMPLT : Opcode.IF_ICMPGT, continuing));
        // the module's own test
        out.add(LoadInstruction.of(TypeKind.INT, first));
        if (!plan.unary()) {
            out.add(LoadInstruction.of(TypeKind.INT, second));
        }
        out.add(test);
        out.add(exit);
        // B' then a poll and a new chunk; labels inside B' are new
        Map<Label, Label> renamed = new IdentityHashMap<>();
        for (int j = plan.test() + 2; j < plan.back() - 1; j++) {
            if (body.get(j) instanceof LabelTarget target) {
                renamed.put(target.label(), newLabel.get());
            }
        }
        for (int j = plan.test() + 2; j < plan.back() - 1; j++) {
            Object copied = renamed(body.get(j), renamed);
            if (copied != null) {
                out.add(copied);
            }
        }
        out.add(poll);
        out.add(BranchInstruction.of(Opcode.GOTO, outer));
        if (bottomTest) {
            return;
        }
        // fast: B, then the back edge without its poll
        out.add(fast);
        for (int j = plan.test() + 2; j < plan.back() - 1; j++) {
            out.add(body.get(j));
        }
        out.add(body.get(plan.back()));
    }

    /**
     * With the induction variable and the limit operand on the stack, the call of the {@link
     * StripMining} form for this stride and relation (what {@link StripMining#limit} computes).
     */
    private static void emitLimit(int stride, int relation, List<Object> out) {
        long span = (long) StripMining.CHUNK * stride;
        long last = stride > 0 ? (long) Integer.MAX_VALUE - stride + 1 : (long) Integer.MIN_VALUE - stride - 1;
        boolean unsigned = relation == Relation.LT_U
                || relation == Relation.LE_U
                || relation == Relation.GT_U
                || relation == Relation.GE_U;
        boolean inclusive = relation == Relation.LE_S
                || relation == Relation.LE_U
                || relation == Relation.GE_S
                || relation == Relation.GE_U;
        if (unsigned) {
            out.add(ConstantInstruction.ofIntrinsic(inclusive ? Opcode.LCONST_1 : Opcode.LCONST_0));
        } else {
            out.add(ConvertInstruction.of(Opcode.I2L));
            if (inclusive) {
                out.add(ConstantInstruction.ofIntrinsic(Opcode.LCONST_1));
                out.add(OperatorInstruction.of(stride > 0 ? Opcode.LADD : Opcode.LSUB));
            }
        }
        out.add(ConstantInstruction.ofLoad(
                Opcode.LDC2_W, ConstantPoolBuilder.of().longEntry(span)));
        out.add(ConstantInstruction.ofLoad(
                Opcode.LDC2_W, ConstantPoolBuilder.of().longEntry(last)));
        String name = (stride > 0 ? "up" : "down") + (unsigned ? "Unsigned" : "");
        out.add(InvokeInstruction.of(
                Opcode.INVOKESTATIC,
                ConstantPoolBuilder.of().methodRefEntry(STRIP_MINING, name, unsigned ? UNSIGNED_LIMIT : SIGNED_LIMIT)));
    }

    private static ConstantInstruction constant(int value) {
        if (value >= -1 && value <= 5) {
            return ConstantInstruction.ofIntrinsic(Opcode.valueOf("ICONST_" + (value < 0 ? "M1" : value)));
        }
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return ConstantInstruction.ofArgument(Opcode.BIPUSH, value);
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return ConstantInstruction.ofArgument(Opcode.SIPUSH, value);
        }
        return ConstantInstruction.ofLoad(Opcode.LDC_W, ConstantPoolBuilder.of().intEntry(value));
    }

    /**
     * The plan for the loop whose back edge is {@code body[back]} ("checkInterruption; goto head"),
     * or null when it is not a loop this can rewrite.
     */
    private static Plan plan(
            List<CodeElement> body, int back, Map<Label, Integer> bound, Map<Label, Integer> references) {
        if (!(body.get(back) instanceof BranchInstruction goTo)
                || goTo.opcode() != Opcode.GOTO
                || back < 1
                || !(body.get(back - 1) instanceof InvokeInstruction poll)
                || !poll.name().equalsString("checkInterruption")) {
            return null;
        }
        Integer head = bound.get(goTo.target());
        if (head == null
                || head >= back
                || back - head > MAX_BODY_ELEMENTS
                || references.getOrDefault(goTo.target(), 0) != 1) {
            return null;
        }
        for (int j = head + 1; j < back; j++) {
            CodeElement element = body.get(j);
            if (element instanceof BranchInstruction branch) {
                Integer target = bound.get(branch.target());
                if (target == null || target <= j) {
                    return null; // a nested loop, or a second back edge
                }
            } else if (element instanceof TableSwitchInstruction || element instanceof LookupSwitchInstruction) {
                return null;
            } else if (element instanceof InvokeInstruction call && !FlatAccessRewriter.cannotGrow(call)) {
                return null; // a loop around calls gains little from counting and would grow
            } else if (element instanceof PseudoInstruction && !(element instanceof LabelTarget)) {
                return null; // exception ranges, debug information: not Endive's usual output
            }
        }
        for (int test = head + 1; test + 1 < back - 1; test++) {
            Plan plan = planWithTest(body, head, back, test, bound);
            if (plan != null) {
                return plan;
            }
        }
        return null;
    }

    private static Plan planWithTest(List<CodeElement> body, int head, int back, int test, Map<Label, Integer> bound) {
        if (!(body.get(test) instanceof InvokeInstruction compare)
                || compare.opcode() != Opcode.INVOKESTATIC
                || !(compare.owner().asSymbol().equals(OPCODES) || isShadedGeU(compare))
                || !(body.get(test + 1) instanceof BranchInstruction exit)
                || (exit.opcode() != Opcode.IFEQ && exit.opcode() != Opcode.IFNE)) {
            return null;
        }
        Integer exitAt = bound.get(exit.target());
        if (exitAt == null || (exitAt >= head && exitAt <= back)) {
            return null; // not a loop exit
        }
        boolean unary =
                compare.name().equalsString("I32_EQZ") && compare.typeSymbol().equals(INT);
        int relation = unary
                ? Relation.EQ
                : isShadedGeU(compare)
                        ? Relation.GE_U
                        : Relation.of(compare.name().stringValue());
        if (relation < 0
                || (!unary && !compare.typeSymbol().equals(INT_INT))
                || !topLevel(body, head, back, test, bound)) {
            return null;
        }
        // the relation under which the loop goes on, between the test's first and second operand
        int continuing = exit.opcode() == Opcode.IFNE ? Relation.negate(relation) : relation;
        Operand second = unary ? new Operand(test, 0, -1, null) : operand(body, test - 1, head);
        if (second == null) {
            return null;
        }
        Operand firstOperand = unary ? null : operand(body, second.start() - 1, head);
        if (!unary && firstOperand == null) {
            return null;
        }
        // unary: the variable is the one operand, compared with 0
        Operand variable;
        Operand limit;
        boolean ivIsFirst;
        if (unary) {
            variable = operand(body, test - 1, head);
            limit = new Operand(test, 0, -1, null);
            ivIsFirst = true;
            if (variable == null) {
                return null;
            }
        } else if (isVariable(firstOperand) && isInvariant(second, body, head, back)) {
            variable = firstOperand;
            limit = second;
            ivIsFirst = true;
        } else if (isVariable(second) && isInvariant(firstOperand, body, head, back)) {
            variable = second;
            limit = firstOperand;
            ivIsFirst = false;
            continuing = Relation.swap(continuing);
        } else {
            return null;
        }
        if (!isVariable(variable)) {
            return null;
        }
        int slot = variable.slot();
        Integer stride = variable.stride() != null ? variable.stride() : update(body, head, back, slot, bound);
        if (stride == null || stride == 0 || storesTo(body, head, back, slot) != 1) {
            return null;
        }
        if (variable.stride() != null && !topLevel(body, head, back, variable.start(), bound)) {
            return null;
        }
        if (!Relation.supported(continuing, stride)) {
            return null;
        }
        int operandStart = unary ? variable.start() : firstOperand.start();
        return new Plan(head, back, test, operandStart, unary, ivIsFirst, slot, limit, stride, continuing);
    }

    /**
     * Endive's own {@code i32_ge_u} helper in the generated class: {@code OpcodeImpl.I32_GE_U}, or
     * the same comparison through a workaround for old JDKs.
     */
    private static boolean isShadedGeU(InvokeInstruction compare) {
        return compare.owner().asSymbol().displayName().endsWith("Shaded")
                && compare.name().equalsString("i32_ge_u")
                && compare.typeSymbol().equals(INT_INT);
    }

    private static boolean isVariable(Operand operand) {
        return operand != null && operand.constant() == null;
    }

    private static boolean isInvariant(Operand operand, List<CodeElement> body, int head, int back) {
        return operand != null
                && operand.stride() == null
                && (operand.constant() != null || storesTo(body, head, back, operand.slot()) == 0);
    }

    /**
     * The operand whose last element is {@code body[end]}: "const c", "iload x", or
     * "iload x; const s; iadd; dup; istore x" (the stride is s); null when it is none of these.
     */
    private static Operand operand(List<CodeElement> body, int end, int head) {
        if (end <= head) {
            return null;
        }
        CodeElement last = body.get(end);
        if (last instanceof ConstantInstruction constant && constant.constantValue() instanceof Integer value) {
            return new Operand(end, value, -1, null);
        }
        if (last instanceof LoadInstruction load && load.typeKind() == TypeKind.INT) {
            return new Operand(end, null, load.slot(), null);
        }
        if (end - 4 > head
                && last instanceof StoreInstruction store
                && store.typeKind() == TypeKind.INT
                && body.get(end - 1) instanceof StackInstruction dup
                && dup.opcode() == Opcode.DUP) {
            Integer stride = stride(body, end - 2, store.slot());
            if (stride != null) {
                return new Operand(end - 4, null, store.slot(), stride);
            }
        }
        return null;
    }

    /** s when {@code body[add-2..add]} is "iload slot; const s; iadd", else null. */
    private static Integer stride(List<CodeElement> body, int add, int slot) {
        if (add < 2
                || !(body.get(add) instanceof OperatorInstruction operator)
                || operator.opcode() != Opcode.IADD
                || !(body.get(add - 1) instanceof ConstantInstruction constant)
                || !(constant.constantValue() instanceof Integer stride)
                || !(body.get(add - 2) instanceof LoadInstruction load)
                || load.typeKind() != TypeKind.INT
                || load.slot() != slot) {
            return null;
        }
        return stride;
    }

    /**
     * The stride of the one store to {@code slot} in the loop when it is "iload slot; const s;
     * iadd; [dup;] istore slot" and runs on every iteration; else null.
     */
    private static Integer update(List<CodeElement> body, int head, int back, int slot, Map<Label, Integer> bound) {
        for (int j = head + 1; j < back; j++) {
            if (body.get(j) instanceof StoreInstruction store && store.slot() == slot) {
                int add = body.get(j - 1) instanceof StackInstruction dup && dup.opcode() == Opcode.DUP ? j - 2 : j - 1;
                if (add - 2 <= head || !topLevel(body, head, back, add - 2, bound)) {
                    return null;
                }
                return stride(body, add, slot);
            }
        }
        return null;
    }

    /** Stores (and increments) of {@code slot} inside the loop. */
    private static int storesTo(List<CodeElement> body, int head, int back, int slot) {
        int count = 0;
        for (int j = head + 1; j < back; j++) {
            if ((body.get(j) instanceof StoreInstruction store && store.slot() == slot)
                    || (body.get(j) instanceof IncrementInstruction increment && increment.slot() == slot)) {
                count++;
            }
        }
        return count;
    }

    /**
     * True when {@code body[index]} runs on every iteration that reaches the back edge: no branch
     * before it in the loop jumps past it to a place inside the loop.
     */
    private static boolean topLevel(List<CodeElement> body, int head, int back, int index, Map<Label, Integer> bound) {
        for (int j = head + 1; j < index; j++) {
            if (body.get(j) instanceof BranchInstruction branch) {
                Integer target = bound.get(branch.target());
                if (target == null || (target > index && target <= back)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code element} with its labels renamed; a Label for a binding; null to leave out. */
    private static Object renamed(CodeElement element, Map<Label, Label> renamed) {
        if (element instanceof LabelTarget target) {
            return renamed.get(target.label());
        }
        if (element instanceof BranchInstruction branch) {
            return BranchInstruction.of(branch.opcode(), renamed.getOrDefault(branch.target(), branch.target()));
        }
        if (element instanceof Instruction) {
            return element;
        }
        return null;
    }

    /** Relations between the induction variable and its limit, as {@link StripMining#limit} takes them. */
    static final class Relation {
        static final int NE = StripMining.NE;
        static final int LT_S = StripMining.LT_S;
        static final int LE_S = StripMining.LE_S;
        static final int LT_U = StripMining.LT_U;
        static final int LE_U = StripMining.LE_U;
        static final int GT_S = StripMining.GT_S;
        static final int GE_S = StripMining.GE_S;
        static final int GT_U = StripMining.GT_U;
        static final int GE_U = StripMining.GE_U;
        static final int EQ = 9;

        private Relation() {}

        static int of(String opcode) {
            return switch (opcode) {
                case "I32_EQ" -> EQ;
                case "I32_NE" -> NE;
                case "I32_LT_S" -> LT_S;
                case "I32_LE_S" -> LE_S;
                case "I32_LT_U" -> LT_U;
                case "I32_LE_U" -> LE_U;
                case "I32_GT_S" -> GT_S;
                case "I32_GE_S" -> GE_S;
                case "I32_GT_U" -> GT_U;
                case "I32_GE_U" -> GE_U;
                default -> -1;
            };
        }

        /** not (a R b) */
        static int negate(int relation) {
            return switch (relation) {
                case EQ -> NE;
                case NE -> EQ;
                case LT_S -> GE_S;
                case GE_S -> LT_S;
                case LE_S -> GT_S;
                case GT_S -> LE_S;
                case LT_U -> GE_U;
                case GE_U -> LT_U;
                case LE_U -> GT_U;
                case GT_U -> LE_U;
                default -> throw new IllegalArgumentException("relation " + relation);
            };
        }

        /** R' with (b R a) == (a R' b) */
        static int swap(int relation) {
            return switch (relation) {
                case EQ, NE -> relation;
                case LT_S -> GT_S;
                case GT_S -> LT_S;
                case LE_S -> GE_S;
                case GE_S -> LE_S;
                case LT_U -> GT_U;
                case GT_U -> LT_U;
                case LE_U -> GE_U;
                case GE_U -> LE_U;
                default -> throw new IllegalArgumentException("relation " + relation);
            };
        }

        /** True when {@link StripMining#limit} can bound a loop going on while {@code iv R limit}. */
        static boolean supported(int relation, int stride) {
            return stride > 0
                    ? relation == NE || relation == LT_S || relation == LE_S || relation == LT_U || relation == LE_U
                    : relation == NE || relation == GT_S || relation == GE_S || relation == GT_U || relation == GE_U;
        }
    }
}
