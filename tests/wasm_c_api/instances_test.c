/* Several instances of one module in one store: each has its own state
 * (a counter global), exports of one are not the other's, and deleting one
 * leaves the other working. Also a module shared into a second store
 * (wasm_module_share / wasm_module_obtain). */
#include "check.h"

enum { INC, FIB };

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = LoadModule(store, "counter");
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  wasm_instance_t* a = wasm_instance_new(store, module, &no_imports, NULL);
  wasm_instance_t* b = wasm_instance_new(store, module, &no_imports, NULL);
  CHECK(a != NULL && b != NULL && !wasm_instance_same(a, b));
  wasm_extern_vec_t ea, eb;
  wasm_instance_exports(a, &ea);
  wasm_instance_exports(b, &eb);
  CHECK(!wasm_func_same(ExportedFunc(&ea, INC), ExportedFunc(&eb, INC)));

  CHECK(CallI32(ExportedFunc(&ea, INC), 0, 0, 0) == 1);
  CHECK(CallI32(ExportedFunc(&ea, INC), 0, 0, 0) == 2);
  CHECK(CallI32(ExportedFunc(&ea, INC), 0, 0, 0) == 3);
  CHECK(CallI32(ExportedFunc(&eb, INC), 0, 0, 0) == 1);
  CHECK(CallI32(ExportedFunc(&ea, INC), 0, 0, 0) == 4);
  CHECK(CallI32(ExportedFunc(&eb, FIB), 1, 20, 0) == 6765);

  /* A copy of an instance handle is the same instance. */
  wasm_instance_t* a2 = wasm_instance_copy(a);
  CHECK(wasm_instance_same(a, a2));
  wasm_instance_delete(a2);

  /* A third instance starts afresh; deleting the first changes nothing for
   * the others. */
  wasm_instance_t* c = wasm_instance_new(store, module, &no_imports, NULL);
  wasm_extern_vec_t ec;
  wasm_instance_exports(c, &ec);
  wasm_extern_vec_delete(&ea);
  wasm_instance_delete(a);
  CHECK(CallI32(ExportedFunc(&ec, INC), 0, 0, 0) == 1);
  CHECK(CallI32(ExportedFunc(&eb, INC), 0, 0, 0) == 2);

  /* The compiled module shared into another store instantiates there with
   * its own state. */
  wasm_shared_module_t* shared = wasm_module_share(module);
  wasm_store_t* other = wasm_store_new(engine);
  wasm_module_t* obtained = wasm_module_obtain(other, shared);
  wasm_shared_module_delete(shared);
  CHECK(obtained != NULL);
  wasm_instance_t* d = wasm_instance_new(other, obtained, &no_imports, NULL);
  CHECK(d != NULL);
  wasm_extern_vec_t ed;
  wasm_instance_exports(d, &ed);
  CHECK(CallI32(ExportedFunc(&ed, INC), 0, 0, 0) == 1);
  CHECK(CallI32(ExportedFunc(&eb, INC), 0, 0, 0) == 3);

  /* An extern of one store is refused as an import in another. */
  wasm_module_t* hello = LoadModule(other, "hello");
  wasm_extern_t* foreign_store_import[] = {eb.data[INC]};
  wasm_extern_vec_t wrong = WASM_ARRAY_VEC(foreign_store_import);
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(other, hello, &wrong, &trap) == NULL);
  CHECK(TrapSays(trap, "belongs to another store"));
  wasm_module_delete(hello);

  wasm_extern_vec_delete(&ed);
  wasm_instance_delete(d);
  wasm_module_delete(obtained);
  wasm_store_delete(other);
  /* Handles may outlive their store (deleting them is all they are good
   * for then): these two are deleted after it, and nothing leaks. */
  wasm_extern_t* survivor = wasm_extern_copy(eb.data[INC]);
  wasm_instance_t* late = wasm_instance_copy(b);
  wasm_extern_vec_delete(&eb);
  wasm_extern_vec_delete(&ec);
  wasm_instance_delete(b);
  wasm_instance_delete(c);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_extern_delete(survivor);
  wasm_instance_delete(late);
  wasm_engine_delete(engine);
  printf("instances: ok\n");
  return 0;
}
